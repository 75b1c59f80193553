/*
 * relmap portfolio pages.
 *
 * Dashboard: the server draws the frame of the KAM portfolio matrix (quadrants, cut-offs,
 * orientation); this script adds one bubble per account from /portfolio/data.json (the
 * same filters as the page), sized by annual revenue. Each bubble is a link to the
 * account's "Value & tier" page; hovering or focusing it shows name, scores, tier and CLV.
 * After htmx swaps the results (filters, pages) the matrix is drawn again.
 *
 * Settings: "Add a criterion" clones the formset's empty row; the weights' total updates
 * as you type (the server checks it again: nothing is saved unless it is 100).
 *
 * Value page: the what-if slider shows its value while htmx recomputes the CLV.
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";

  // Matrix ------------------------------------------------------------------------------

  function money(value, currency) {
    if (value === null || value === undefined) return "—";
    return currency + " " + Math.round(value).toLocaleString("en-GB");
  }

  function score(value) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(2);
  }

  function describe(a) {
    const lines = [
      a.name,
      "Attractiveness " + score(a.attractiveness) + " · strength " + score(a.strength),
      "Tier " + a.tier_label + (a.tier_overridden ? " (overridden)" : "") +
        (a.quadrant && a.quadrant !== a.tier ? " · matrix says " + a.quadrant_label : ""),
      "CLV " + money(a.clv_finite, a.currency) + " · revenue " + money(a.annual_revenue, a.currency),
    ];
    return lines;
  }

  function radius(a, maxRevenue) {
    if (!a.annual_revenue || a.annual_revenue <= 0 || !maxRevenue) return 6;
    return 6 + 16 * Math.sqrt(a.annual_revenue / maxRevenue);
  }

  function drawMatrix(svg) {
    const layer = svg.querySelector("#matrix-bubbles");
    const tooltip = document.getElementById("matrix-tooltip");
    if (!layer || !svg.dataset.url) return;
    const box = {
      left: Number(svg.dataset.left),
      top: Number(svg.dataset.top),
      width: Number(svg.dataset.width),
      height: Number(svg.dataset.height),
    };
    svg.classList.add("is-loading");
    fetch(svg.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((data) => {
        if (!svg.isConnected) return; // swapped out while loading
        layer.replaceChildren();
        const placed = data.accounts.filter((a) => a.x !== null && a.y !== null);
        const maxRevenue = Math.max(0, ...placed.map((a) => a.annual_revenue || 0));
        // Biggest first, so small bubbles stay on top and clickable.
        placed.sort((a, b) => (b.annual_revenue || 0) - (a.annual_revenue || 0));
        placed.forEach((a) => {
          const link = document.createElementNS(SVG, "a");
          link.setAttribute("href", a.url);
          link.setAttribute("class", "bubble tier-" + (a.tier || "none"));
          link.setAttribute("data-account", a.id);
          link.setAttribute("data-quadrant", a.quadrant);
          link.setAttribute("data-tier", a.tier);
          link.setAttribute("aria-label", describe(a).join(". "));
          const circle = document.createElementNS(SVG, "circle");
          circle.setAttribute("cx", (box.left + a.x * box.width).toFixed(1));
          circle.setAttribute("cy", (box.top + (1 - a.y) * box.height).toFixed(1));
          circle.setAttribute("r", radius(a, maxRevenue).toFixed(1));
          link.appendChild(circle);
          layer.appendChild(link);
          const show = () => showTip(svg, tooltip, link, a);
          link.addEventListener("mouseenter", show);
          link.addEventListener("focus", show);
          link.addEventListener("mouseleave", () => hideTip(tooltip));
          link.addEventListener("blur", () => hideTip(tooltip));
        });
        svg.dataset.drawn = String(placed.length);
        svg.classList.remove("is-loading");
      })
      .catch((error) => {
        svg.classList.remove("is-loading");
        svg.dataset.error = String(error);
      });
  }

  function showTip(svg, tooltip, link, a) {
    if (!tooltip) return;
    const lines = describe(a);
    tooltip.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = lines[0];
    tooltip.appendChild(title);
    lines.slice(1).forEach((text) => {
      const line = document.createElement("span");
      line.textContent = text;
      tooltip.appendChild(line);
    });
    const hint = document.createElement("span");
    hint.className = "muted";
    hint.textContent = "Click to open";
    tooltip.appendChild(hint);
    tooltip.hidden = false;
    const wrap = svg.parentElement.getBoundingClientRect();
    const dot = link.getBoundingClientRect();
    let left = dot.right - wrap.left + 8;
    if (left + 260 > wrap.width) left = dot.left - wrap.left - 268;
    tooltip.style.left = Math.max(0, left) + "px";
    tooltip.style.top = Math.max(0, dot.top - wrap.top - 8) + "px";
  }

  function hideTip(tooltip) {
    if (tooltip) tooltip.hidden = true;
  }

  function drawAll() {
    const svg = document.getElementById("portfolio-matrix");
    if (svg && !svg.dataset.drawn && !svg.classList.contains("is-loading")) drawMatrix(svg);
  }

  // Criteria formsets -------------------------------------------------------------------

  function setUpFormset(form) {
    const prefix = form.dataset.formset;
    const rows = form.querySelector("[data-rows]");
    const template = form.querySelector("template[data-empty-row]");
    const totalCell = form.querySelector("[data-total]");
    const count = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    const add = form.querySelector("[data-action=add-row]");

    function updateTotal() {
      let total = 0;
      rows.querySelectorAll(".criterion-row").forEach((row) => {
        const removed = row.querySelector('input[name$="-DELETE"]');
        const weight = row.querySelector('input[name$="-weight"]');
        const name = row.querySelector('input[name$="-name"]');
        if (removed && removed.checked) return;
        if (!weight || !name || !name.value.trim()) return;
        const value = parseFloat(weight.value);
        if (!Number.isNaN(value)) total += value;
      });
      totalCell.textContent = (Math.round(total * 100) / 100).toString() + " %";
      totalCell.classList.toggle("is-bad", Math.abs(total - 100) > 1e-6);
    }

    if (add && template && count) {
      add.hidden = false;
      add.addEventListener("click", () => {
        const index = Number(count.value);
        const html = template.innerHTML.replace(/__prefix__/g, String(index));
        rows.insertAdjacentHTML("beforeend", html);
        count.value = String(index + 1);
        const input = rows.lastElementChild.querySelector('input[name$="-name"]');
        if (input) input.focus();
        updateTotal();
      });
    }
    if (totalCell) {
      form.addEventListener("input", updateTotal);
      form.addEventListener("change", updateTotal);
      updateTotal();
    }
  }

  // What-if slider ---------------------------------------------------------------------

  document.addEventListener("input", (event) => {
    if (event.target.id !== "whatif-retention") return;
    const output = document.querySelector('[data-output="retention"]');
    if (output) output.textContent = Number(event.target.value).toFixed(2);
  });

  function start() {
    document.documentElement.classList.add("js");
    drawAll();
    document.querySelectorAll("form[data-formset]").forEach(setUpFormset);
  }

  document.body.addEventListener("htmx:afterSettle", drawAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
