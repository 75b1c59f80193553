/*
 * The account plan page. Everything that saves is htmx (forms post, the whitespace
 * selects and need checkboxes post on change); this only marks that scripts run, so
 * the fallback "Save" buttons hide, and puts the cursor in a form htmx just opened.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  document.body.addEventListener("htmx:afterSettle", (event) => {
    const config = event.detail.requestConfig;
    if (!config || config.verb !== "get") return;
    // After an outerHTML swap the old target is gone: look the section up again by id.
    const id = event.detail.target && event.detail.target.id;
    const section = id ? document.getElementById(id) : null;
    const form = section && section.querySelector("form.plan-edit-form");
    const field = form && form.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
  });
})();
