/*
 * relmap account page: three linked views of one map (org chart, influence network,
 * power/interest grid), one selection, one set of filters, all mirrored in the URL.
 *
 * The map data comes from the page (json_script #map-data). After any write the server
 * fires "relmap:map-changed"; #map-state then fetches fresh data, grid and findings
 * (htmx out-of-band swaps) and this script redraws from the new data.
 */
(function () {
  "use strict";

  const app = document.getElementById("map-app");
  if (!app) return;
  document.documentElement.classList.add("js");

  const ATTITUDE_COLOURS = {
    "-2": "#c62828",
    "-1": "#ef8a3c",
    "0": "#e9c46a",
    "1": "#8cc56b",
    "2": "#2e8b57",
  };
  const UNKNOWN_COLOUR = "#aab2bd";
  const FORMAL = new Set(["reports_to", "dotted_line"]);
  const FILTERS = ["side", "department", "role", "quadrant"];
  const VIEWS = ["org", "network", "grid"];

  const panel = document.getElementById("person-panel");
  const emptyPanel = panel.innerHTML;
  const filterForm = document.getElementById("filters");
  const filterCount = document.getElementById("filter-count");
  const params = new URLSearchParams(window.location.search);

  const state = {
    data: readData(),
    dataText: "",
    selected: params.get("person") ? Number(params.get("person")) : null,
    view: VIEWS.includes(params.get("view")) ? params.get("view") : "org",
    filters: Object.fromEntries(FILTERS.map((f) => [f, params.get(f) || ""])),
  };
  const graphs = {}; // view -> {cy, dirty}

  function readData() {
    const node = document.getElementById("map-data");
    if (!node) return { people: [], ties: [] };
    return JSON.parse(node.textContent);
  }

  function personUrl(id) {
    return app.dataset.personUrl.replace(/\/0\/$/, "/" + id + "/");
  }

  function byId() {
    return new Map(state.data.people.map((p) => [p.id, p]));
  }

  // Filters -----------------------------------------------------------------------

  function matches(p) {
    const f = state.filters;
    if (f.side && p.side !== f.side) return false;
    if (f.department && p.department !== f.department) return false;
    if (f.role && !p.roles.includes(f.role)) return false;
    if (f.quadrant && p.quadrant !== f.quadrant) return false;
    return true;
  }

  function visibleIds() {
    return new Set(state.data.people.filter(matches).map((p) => p.id));
  }

  function applyFilters() {
    const visible = visibleIds();
    const active = FILTERS.some((f) => state.filters[f]);
    filterCount.textContent = active
      ? "Showing " + visible.size + " of " + state.data.people.length + " people"
      : "";
    document.querySelectorAll("#grid-board .chip[data-person]").forEach((chip) => {
      chip.classList.toggle("is-faded", !visible.has(Number(chip.dataset.person)));
    });
    Object.values(graphs).forEach(({ cy }) => {
      cy.batch(() => {
        cy.nodes().forEach((n) => n.toggleClass("faded", !visible.has(n.data("pid"))));
        cy.edges().forEach((e) =>
          e.toggleClass("faded", e.source().hasClass("faded") || e.target().hasClass("faded"))
        );
      });
    });
  }

  filterForm.addEventListener("change", (event) => {
    const name = event.target.dataset.filter;
    if (!name) return;
    state.filters[name] = event.target.value;
    applyFilters();
    writeUrl();
  });
  filterForm.addEventListener("submit", (event) => event.preventDefault());
  filterForm.querySelector("[data-action=reset-filters]").addEventListener("click", () => {
    FILTERS.forEach((f) => {
      state.filters[f] = "";
      filterForm.elements[f].value = "";
    });
    applyFilters();
    writeUrl();
  });

  function writeUrl() {
    const url = new URL(window.location.href);
    const q = url.searchParams;
    FILTERS.forEach((f) => (state.filters[f] ? q.set(f, state.filters[f]) : q.delete(f)));
    q.set("view", state.view);
    state.selected ? q.set("person", state.selected) : q.delete("person");
    filterForm.elements.view.value = state.view;
    filterForm.elements.person.value = state.selected || "";
    window.history.replaceState(null, "", url);
  }

  // Selection ---------------------------------------------------------------------

  function highlightSelection() {
    document.querySelectorAll("#grid-board .chip.is-selected").forEach((c) => c.classList.remove("is-selected"));
    if (state.selected) {
      document
        .querySelectorAll('#grid-board .chip[data-person="' + state.selected + '"]')
        .forEach((c) => c.classList.add("is-selected"));
    }
    Object.values(graphs).forEach(({ cy }) => {
      cy.batch(() => {
        cy.elements(".selected, .neighbour").removeClass("selected neighbour");
        if (!state.selected) return;
        const node = cy.getElementById("p" + state.selected);
        node.addClass("selected");
        node.connectedEdges().addClass("neighbour");
      });
    });
  }

  function loadPanel(id) {
    return window.htmx.ajax("GET", personUrl(id), { target: "#person-panel", swap: "innerHTML" });
  }

  function selectPerson(id, { load = true, centre = true } = {}) {
    state.selected = id;
    highlightSelection();
    writeUrl();
    if (centre) centreOn(id);
    if (load && id) loadPanel(id);
  }

  function clearSelection() {
    state.selected = null;
    panel.innerHTML = emptyPanel;
    highlightSelection();
    writeUrl();
  }

  function centreOn(id) {
    const g = graphs[state.view];
    if (!g) return;
    const node = g.cy.getElementById("p" + id);
    if (node.empty()) return;
    const box = node.renderedBoundingBox();
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > g.cy.width() || box.y2 > g.cy.height()) {
      g.cy.animate({ center: { eles: node }, duration: 250 });
    }
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-person]");
    if (link && app.contains(link) && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      selectPerson(Number(link.dataset.person));
      return;
    }
    const close = event.target.closest("[data-action=close-panel]");
    if (close && panel.contains(close)) {
      event.preventDefault();
      clearSelection();
    }
  });

  // The panel tells us who it shows (after a create, a link inside it, a removal).
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== panel) return;
    const article = panel.querySelector("[data-person-id]");
    if (article) {
      const id = Number(article.dataset.personId);
      if (id !== state.selected) selectPerson(id, { load: false });
    } else if (state.selected) {
      // The "add" form, or a removal: nobody is selected any more.
      state.selected = null;
      highlightSelection();
      writeUrl();
    }
  });

  // Tabs --------------------------------------------------------------------------

  const tabs = Array.from(app.querySelectorAll('[role="tab"]'));

  function showView(view, { focus = false } = {}) {
    state.view = view;
    tabs.forEach((tab) => {
      const on = tab.dataset.view === view;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
      if (on && focus) tab.focus();
    });
    writeUrl();
    if (view === "org" || view === "network") ensureGraph(view);
  }

  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => showView(tab.dataset.view));
    tab.addEventListener("keydown", (event) => {
      let next = null;
      if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
      if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = tabs.length - 1;
      if (next !== null) {
        event.preventDefault();
        showView(tabs[next].dataset.view, { focus: true });
      }
    });
  });

  // Graphs ------------------------------------------------------------------------

  function nodeData(p) {
    const label = p.title ? p.name + "\n" + p.title : p.name;
    return {
      id: "p" + p.id,
      pid: p.id,
      name: p.name,
      label: label,
      colour: p.attitude === null ? UNKNOWN_COLOUR : ATTITUDE_COLOURS[String(p.attitude)],
      influence: p.influence,
      side: p.side,
      attitude: p.attitude === null ? "unknown" : String(p.attitude),
      status: p.status,
    };
  }

  function nodeClasses(p) {
    const classes = [p.side === "internal" ? "ours" : "theirs"];
    if (p.status === "left") classes.push("left");
    if (p.attitude === null) classes.push("unknown");
    return classes.join(" ");
  }

  function elementsFor(view) {
    const people = state.data.people;
    const nodes = people.map((p) => ({ group: "nodes", data: nodeData(p), classes: nodeClasses(p) }));
    const edges = [];
    state.data.ties.forEach((t) => {
      const formal = FORMAL.has(t.kind);
      if ((view === "org") !== formal) return;
      // The org chart draws manager above report, so its edges point down the line.
      const down = view === "org";
      edges.push({
        group: "edges",
        data: {
          id: "t" + t.id,
          source: "p" + (down ? t.target : t.source),
          target: "p" + (down ? t.source : t.target),
          kind: t.kind,
          strength: t.strength,
        },
        classes: t.kind,
      });
    });
    return nodes.concat(edges);
  }

  const BASE_STYLE = [
    {
      selector: "node",
      style: {
        "font-family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",
        color: "#1c2430",
        "text-wrap": "wrap",
        "min-zoomed-font-size": 4,
      },
    },
    { selector: "node.left", style: { opacity: 0.45, "border-style": "dashed" } },
    {
      selector: "node.selected",
      style: { "border-width": 5, "border-color": "#f2b01e", "z-index": 20 },
    },
    { selector: "edge.neighbour", style: { width: 3.5, "z-index": 10 } },
    { selector: ".faded", style: { opacity: 0.12 } },
  ];

  const ORG_STYLE = BASE_STYLE.slice(0, 1).concat([
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        width: 150,
        height: 46,
        label: "data(label)",
        "font-size": 10,
        "text-valign": "center",
        "text-halign": "center",
        "text-max-width": 140,
        "background-color": "#ffffff",
        "border-width": 1.5,
        "border-color": "#9aa4b2",
      },
    },
    { selector: "node.theirs", style: { "border-color": "data(colour)", "border-width": 3 } },
    { selector: "node.ours", style: { "background-color": "#17202c", color: "#ffffff", "border-color": "#17202c" } },
    {
      selector: "edge.reports_to",
      style: {
        "curve-style": "taxi",
        "taxi-direction": "downward",
        "line-color": "#7b8696",
        width: 1.5,
      },
    },
    {
      selector: "edge.dotted_line",
      style: {
        "curve-style": "unbundled-bezier",
        "line-style": "dashed",
        "line-dash-pattern": [6, 4],
        "line-color": "#2457c5",
        width: 1.5,
      },
    },
  ], BASE_STYLE.slice(1));

  const NETWORK_STYLE = BASE_STYLE.slice(0, 1).concat([
    {
      selector: "node",
      style: {
        shape: "ellipse",
        width: "mapData(influence, 0, 100, 16, 64)",
        height: "mapData(influence, 0, 100, 16, 64)",
        "background-color": "data(colour)",
        "border-width": 1,
        "border-color": "#4a5565",
        label: "data(name)",
        "font-size": 10,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.7,
        "text-background-padding": 1,
      },
    },
    { selector: "node.unknown", style: { "border-style": "dashed", "border-width": 2 } },
    { selector: "node.ours", style: { shape: "round-rectangle", "border-width": 3, "border-color": "#17202c" } },
    {
      selector: "edge",
      style: {
        "curve-style": "bezier",
        width: "mapData(strength, 1, 5, 1, 3.5)",
        "arrow-scale": 0.9,
      },
    },
    {
      selector: "edge.influences",
      style: { "line-color": "#4a5565", "target-arrow-color": "#4a5565", "target-arrow-shape": "triangle" },
    },
    {
      selector: "edge.advises",
      style: {
        "line-color": "#2457c5",
        "target-arrow-color": "#2457c5",
        "target-arrow-shape": "vee",
        "line-style": "dashed",
      },
    },
    { selector: "edge.allied_with", style: { "line-color": "#2e8b57" } },
    {
      selector: "edge.in_conflict_with",
      style: { "line-color": "#c62828", "line-style": "dotted", "source-arrow-shape": "tee", "target-arrow-shape": "tee", "source-arrow-color": "#c62828", "target-arrow-color": "#c62828" },
    },
  ], BASE_STYLE.slice(1));

  function runLayout(view, cy) {
    if (view === "org") {
      const hasManager = new Set(cy.edges(".reports_to").map((e) => e.target().id()));
      const roots = cy.nodes().filter((n) => !hasManager.has(n.id()));
      cy.elements()
        .not(".dotted_line")
        .layout({
          name: "breadthfirst",
          directed: true,
          roots: roots,
          spacingFactor: 1.05,
          avoidOverlap: true,
          nodeDimensionsIncludeLabels: true,
          padding: 24,
          animate: false,
        })
        .run();
    } else {
      cy.layout({
        name: "cose",
        animate: false,
        randomize: false,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 90,
        nodeOverlap: 12,
        gravity: 0.6,
        // Fewer iterations on big maps keep the first drawing near a second.
        numIter: cy.nodes().length > 150 ? 500 : 1000,
        padding: 24,
      }).run();
    }
    fitReadable(view, cy);
  }

  // Fit the whole graph, unless that makes labels unreadable: then show the top of the
  // chart (or the middle of the network) at a readable zoom; the user pans from there.
  const READABLE_ZOOM = { org: 0.6, network: 0.45 };
  function fitReadable(view, cy) {
    cy.fit(undefined, 24);
    const min = READABLE_ZOOM[view];
    if (cy.zoom() >= min) return;
    const box = cy.elements().boundingBox();
    cy.zoom(min);
    const x = cy.width() / 2 - ((box.x1 + box.x2) / 2) * min;
    const y = view === "org" ? 24 - box.y1 * min : cy.height() / 2 - ((box.y1 + box.y2) / 2) * min;
    cy.pan({ x: x, y: y });
  }

  function ensureGraph(view) {
    if (!window.cytoscape) return;
    let g = graphs[view];
    if (!g) {
      const container = document.getElementById("cy-" + view);
      const cy = window.cytoscape({
        container: container,
        elements: elementsFor(view),
        style: view === "org" ? ORG_STYLE : NETWORK_STYLE,
        layout: { name: "preset" },
        minZoom: 0.05,
        maxZoom: 3,
        boxSelectionEnabled: false,
        autoungrabify: view === "org",
      });
      cy.on("tap", "node", (event) => selectPerson(event.target.data("pid"), { centre: false }));
      g = graphs[view] = { cy: cy, dirty: true };
      container.dataset.ready = "true";
    }
    g.cy.resize();
    if (g.dirty) {
      runLayout(view, g.cy);
      g.dirty = false;
    }
    applyFilters();
    highlightSelection();
  }

  // Bring a drawn graph up to date with new data, keeping positions where it can.
  function updateGraph(view) {
    const g = graphs[view];
    if (!g) return;
    const cy = g.cy;
    const wanted = elementsFor(view);
    const ids = new Set(wanted.map((el) => el.data.id));
    let structural = false;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!ids.has(el.id())) {
          el.remove();
          structural = true;
        }
      });
      wanted.forEach((el) => {
        const existing = cy.getElementById(el.data.id);
        if (existing.nonempty()) {
          const same =
            el.group === "nodes" ||
            (existing.data("source") === el.data.source && existing.data("target") === el.data.target);
          if (same) {
            existing.data(el.data);
            existing.classes(el.classes);
            return;
          }
          existing.remove();
        }
        cy.add(el);
        structural = true;
      });
    });
    if (structural) {
      g.dirty = true;
      if (state.view === view) ensureGraph(view);
    }
  }

  app.addEventListener("click", (event) => {
    const button = event.target.closest("[data-cy-action]");
    if (!button) return;
    const g = graphs[button.dataset.cy];
    if (!g) return;
    const cy = g.cy;
    const action = button.dataset.cyAction;
    if (action === "fit") {
      cy.fit(undefined, 24);
    } else {
      const factor = action === "zoom-in" ? 1.25 : 0.8;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }
  });

  // After a write: new data, grid and findings have been swapped in out of band.
  let refreshQueued = false;
  function refreshFromPage() {
    if (refreshQueued) return;
    refreshQueued = true;
    window.requestAnimationFrame(() => {
      refreshQueued = false;
      const node = document.getElementById("map-data");
      if (node && node.textContent !== state.dataText) {
        state.dataText = node.textContent;
        state.data = JSON.parse(node.textContent);
        Object.keys(graphs).forEach(updateGraph);
      }
      applyFilters();
      highlightSelection();
    });
  }
  document.body.addEventListener("htmx:oobAfterSwap", refreshFromPage);
  document.body.addEventListener("htmx:afterSettle", refreshFromPage);

  // Start -------------------------------------------------------------------------

  state.dataText = document.getElementById("map-data").textContent;
  FILTERS.forEach((f) => {
    if (filterForm.elements[f]) filterForm.elements[f].value = state.filters[f];
  });
  showView(state.view);
  applyFilters();
  highlightSelection();
  if (state.selected) {
    if (byId().has(state.selected)) loadPanel(state.selected);
    else clearSelection();
  }

  window.relmap = {
    selectPerson: selectPerson,
    reloadPanel: () => state.selected && loadPanel(state.selected),
    selected: () => state.selected,
    personUrl: personUrl,
    // The Cytoscape instance of a view once drawn (for the console and browser tests).
    graph: (view) => (graphs[view] ? graphs[view].cy : null),
  };
})();
