/*
 * relmap portfolio pages.
 *
 * Dashboard: the KAM portfolio matrix is an ECharts scatter chart (charts.js sets it up).
 * The frame (quadrants, cut-offs, orientation) comes from the page (json_script named
 * by data-frame), the bubbles from /portfolio/data.json (data-url: the same filters as
 * the page), one per account, sized by annual revenue. Hovering a bubble or focusing its
 * link shows name, scores, tier and CLV; clicking opens the account's "Value & tier"
 * page. After htmx swaps the results (filters, pages) the matrix is drawn again.
 * data.json keeps to short keys (documented on the view, portfolio_data): id, n name,
 * x strength, y attractiveness (scores 0-10), q quadrant, t tier, o overridden,
 * r annual revenue, v CLV, c currency; "url" has "{id}" for each account's page.
 *
 * Settings: "Add a criterion" clones the formset's empty row; the weights' total updates
 * as you type (the server checks it again: nothing is saved unless it is 100).
 *
 * Value page: the what-if slider shows its value while htmx recomputes the CLV.
 */
(function () {
  "use strict";

  // Matrix ------------------------------------------------------------------------------

  function score(value) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(2);
  }

  /* Quadrant and tier labels by key, from the frame. */
  function labelsOf(frame) {
    const labels = {};
    frame.quadrants.forEach((q) => { labels[q.key] = q.label; });
    return labels;
  }

  function describe(a, money, labels) {
    return [
      a.n,
      "Attractiveness " + score(a.y) + " · strength " + score(a.x),
      "Tier " + (labels[a.t] || "Not placed") + (a.o ? " (overridden)" : "") +
        (a.q && a.q !== a.t ? " · matrix says " + labels[a.q] : ""),
      "CLV " + money(a.v, a.c) + " · revenue " + money(a.r, a.c),
    ];
  }

  /* Bubble diameter in pixels: area follows annual revenue. */
  function diameter(a, maxRevenue) {
    if (!a.r || a.r <= 0 || !maxRevenue) return 12;
    return 2 * (6 + 16 * Math.sqrt(a.r / maxRevenue));
  }

  function matrixOption(frame, c, charts, labels) {
    const axes = charts.matrixAxes(frame, c, false);
    return {
      grid: { left: 56, right: 24, top: 16, bottom: 56 },
      xAxis: axes.xAxis,
      yAxis: axes.yAxis,
      tooltip: charts.tooltip({
        trigger: "item",
        className: "chart-tooltip matrix-tooltip",
        extraCssText:
          "border-radius: 6px; box-shadow: 0 4px 12px rgba(16, 24, 40, 0.25); width: 260px; white-space: normal;",
        formatter: (p) => {
          const lines = describe(p.data.account, charts.money, labels);
          return charts.tipContent(lines[0], lines.slice(1), "Click to open");
        },
      }),
      series: [
        Object.assign(
          {
            id: "accounts",
            type: "scatter",
            data: [],
            cursor: "pointer",
            itemStyle: { opacity: 0.72, borderColor: "#fff", borderWidth: 1.5 },
            emphasis: {
              scale: false,
              itemStyle: { opacity: 1, borderColor: c.focus, borderWidth: 3 },
            },
          },
          charts.matrixMarks(frame, c, false),
        ),
      ],
    };
  }

  function point(a, maxRevenue, c) {
    return {
      value: [a.x, a.y],
      name: a.n,
      symbolSize: diameter(a, maxRevenue),
      itemStyle: { color: c.tier[a.t] || c.none },
      account: a,
    };
  }

  /* One real link per bubble, over the chart where ECharts drew it: keyboard and screen
     reader users reach every account (focus shows the tooltip, Enter opens it); the
     mouse goes through to the chart (pointer-events: none), which shows the same
     tooltip on hover and opens the account on click. */
  function buildLinks(list, chart, placed, money, labels) {
    list.replaceChildren();
    placed.forEach((a, index) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = a.href;
      link.className = "bubble tier-" + (a.t || "none");
      link.dataset.account = a.id;
      link.dataset.quadrant = a.q;
      link.dataset.tier = a.t;
      link.dataset.index = String(index);
      link.setAttribute("aria-label", describe(a, money, labels).join(". "));
      link.addEventListener("focus", () => {
        chart.dispatchAction({ type: "highlight", seriesIndex: 0, dataIndex: index });
        chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: index });
      });
      link.addEventListener("blur", () => {
        chart.dispatchAction({ type: "downplay", seriesIndex: 0, dataIndex: index });
        chart.dispatchAction({ type: "hideTip" });
      });
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function placeLinks(el, list, chart, placed, maxRevenue) {
    list.querySelectorAll("a.bubble").forEach((link) => {
      const a = placed[Number(link.dataset.index)];
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [a.x, a.y]);
      const size = diameter(a, maxRevenue);
      link.style.left = (el.offsetLeft + x - size / 2).toFixed(1) + "px";
      link.style.top = (el.offsetTop + y - size / 2).toFixed(1) + "px";
      link.style.width = link.style.height = size.toFixed(1) + "px";
    });
  }

  function drawMatrix(el) {
    const charts = window.relmapCharts;
    if (!charts || !charts.available() || charts.instance(el) || !el.dataset.url) return;
    charts.sweep();
    const list = document.getElementById("matrix-bubbles");
    const frame = charts.json(el.dataset.frame);
    const labels = labelsOf(frame);
    const c = charts.palette();
    let placed = [];
    let maxRevenue = 0;
    const chart = charts.create(el, {
      onResize: () => list && placeLinks(el, list, chart, placed, maxRevenue),
    });
    chart.setOption(matrixOption(frame, c, charts, labels));
    chart.on("click", (p) => {
      if (p.componentType !== "series" || !p.data || !p.data.account) return;
      const click = p.event && p.event.event;
      if (click && (click.ctrlKey || click.metaKey || click.shiftKey)) {
        window.open(p.data.account.href, "_blank", "noopener");
      } else {
        window.location.assign(p.data.account.href);
      }
    });
    el.classList.add("is-loading");
    chart.showLoading({ text: "Loading accounts…", color: c.accent, textColor: c.text2 });
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((data) => {
        if (!el.isConnected || chart.isDisposed()) return; // swapped out while loading
        placed = data.accounts.filter((a) => a.x !== null && a.y !== null);
        placed.forEach((a) => { a.href = data.url.replace("{id}", String(a.id)); });
        // A loop, not Math.max(...list): spreading thousands of arguments can overflow.
        maxRevenue = placed.reduce((m, a) => Math.max(m, a.r || 0), 0);
        // Biggest first, so small bubbles are drawn on top and stay clickable.
        placed.sort((a, b) => (b.r || 0) - (a.r || 0));
        chart.setOption({
          series: [{ id: "accounts", data: placed.map((a) => point(a, maxRevenue, c)) }],
        });
        chart.hideLoading();
        if (list) {
          buildLinks(list, chart, placed, charts.money, labels);
          placeLinks(el, list, chart, placed, maxRevenue);
        }
        el.dataset.drawn = String(placed.length);
        el.classList.remove("is-loading");
      })
      .catch((error) => {
        chart.hideLoading();
        el.classList.remove("is-loading");
        el.dataset.error = String(error);
        chart.setOption({
          title: { text: "The accounts could not be loaded.", left: "center", top: "middle", textStyle: { fontSize: 14 } },
        });
      });
  }

  function drawAll() {
    const el = document.getElementById("portfolio-matrix");
    if (el) drawMatrix(el);
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
