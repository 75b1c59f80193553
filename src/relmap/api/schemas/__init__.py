"""Request and response schemas, one module per router. Input (``…In``, ``…Patch``) and
output (``…Out``) are separate classes: what a client may send is not what it gets back."""
