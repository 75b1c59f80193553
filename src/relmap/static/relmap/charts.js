/*
 * relmap charts: Apache ECharts (npm, served from /static/vendor/echarts/) with the SVG
 * renderer, so charts stay crisp at any zoom and can be exported as SVG.
 *
 * The server passes each chart's data in the page: a json_script named by the element's
 * data-payload, or a short JSON list in data-values. An element with data-chart="kind"
 * is drawn once, on page load and whenever htmx swaps in new content; the server's table
 * next to each chart is the fallback without JavaScript.
 *
 * Kinds drawn here: "spark" (revenue trend in a table row), "revenue" (revenue by
 * period), "whatif" (CLV against retention), "trail" (an account's path through the
 * KAM portfolio matrix) and "option" (an option built whole by the server: KPI charts). The matrix itself is in portfolio.js; it uses the helpers below
 * (window.relmapCharts), so that every chart shares colours, fonts and set-up.
 */
(function () {
  "use strict";

  const live = new Set(); // {chart, observer}
  const kinds = {};

  function available() {
    return typeof window.echarts !== "undefined";
  }

  function cssVar(style, name, fallback) {
    const value = style.getPropertyValue(name).trim();
    return value || fallback;
  }

  /* Colours and font from relmap.css, so charts and the rest of the page agree. */
  function palette() {
    const style = getComputedStyle(document.documentElement);
    const tier = {};
    const soft = {};
    ["strategic", "star", "status", "streamline"].forEach((key) => {
      tier[key] = cssVar(style, "--tier-" + key, "#8a94a3");
      soft[key] = cssVar(style, "--tier-" + key + "-soft", "#f2f3f5");
    });
    return {
      tier: tier,
      soft: soft,
      none: cssVar(style, "--att-unknown", "#aab2bd"),
      accent: cssVar(style, "--accent", "#2457c5"),
      ok: cssVar(style, "--ok", "#177245"),
      focus: cssVar(style, "--focus", "#f2b01e"),
      text: cssVar(style, "--text", "#1c2430"),
      text2: cssVar(style, "--text-2", "#4a5565"),
      muted: cssVar(style, "--muted", "#6b7686"),
      border: cssVar(style, "--border-strong", "#c4cad3"),
      surface: cssVar(style, "--surface-2", "#f9fafb"),
      font: cssVar(style, "--font", "system-ui, sans-serif"),
    };
  }

  function json(id) {
    const node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function money(value, currency) {
    if (value === null || value === undefined) return "—";
    return (currency ? currency + " " : "") + Math.round(value).toLocaleString("en-GB");
  }

  /* Axis labels for money: 1.2M, 350k. */
  function compact(value) {
    const size = Math.abs(value);
    if (size >= 1e6) return (value / 1e6).toLocaleString("en-GB", { maximumFractionDigits: 1 }) + "M";
    if (size >= 1e3) return (value / 1e3).toLocaleString("en-GB", { maximumFractionDigits: 0 }) + "k";
    return String(value);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* Tooltip content as DOM nodes (textContent, never HTML: names come from users). */
  function tipContent(title, lines, hint) {
    const box = element("div");
    box.appendChild(element("strong", title));
    lines.forEach((text) => box.appendChild(element("span", text)));
    if (hint) box.appendChild(element("span", hint, "muted"));
    return box;
  }

  function tooltip(extra) {
    return Object.assign(
      {
        className: "chart-tooltip",
        backgroundColor: "#17202c",
        borderColor: "#17202c",
        borderWidth: 0,
        padding: [6, 10],
        textStyle: { color: "#f1f4f8", fontSize: 13 },
        extraCssText: "border-radius: 6px; box-shadow: 0 4px 12px rgba(16, 24, 40, 0.25);",
        confine: true,
        transitionDuration: 0,
      },
      extra || {},
    );
  }

  /* A chart in ``el``: SVG renderer, no animation (the data are redrawn on every htmx
     swap; moving bubbles would mislead), resized with its box. */
  function create(el, options) {
    const c = palette();
    const chart = window.echarts.init(el, null, { renderer: "svg", locale: "EN" });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: c.font, color: c.text2 },
    });
    let observer = null;
    if (typeof ResizeObserver !== "undefined") {
      observer = new ResizeObserver(() => {
        if (chart.isDisposed()) return;
        chart.resize();
        if (options && options.onResize) options.onResize(chart);
      });
      observer.observe(el);
    }
    live.add({ chart: chart, observer: observer });
    return chart;
  }

  function instance(el) {
    return available() ? window.echarts.getInstanceByDom(el) : undefined;
  }

  /* Charts whose element htmx swapped out: free them. */
  function sweep() {
    live.forEach((entry) => {
      if (entry.chart.isDisposed() || !entry.chart.getDom().isConnected) {
        if (entry.observer) entry.observer.disconnect();
        if (!entry.chart.isDisposed()) entry.chart.dispose();
        live.delete(entry);
      }
    });
  }

  // The KAM portfolio matrix frame (shared by the dashboard and the history trail) -----

  /* Axes in score units; the strength axis runs right to left when the setting says
     high strength is drawn on the left. */
  function matrixAxes(frame, c, small) {
    function axis(name, inverse) {
      return {
        type: "value",
        min: frame.min,
        max: frame.max,
        inverse: inverse,
        name: small ? "" : name,
        nameLocation: "middle",
        nameGap: 30,
        nameTextStyle: { color: c.text2, fontSize: 13, fontWeight: 600 },
        axisLabel: { show: !small, color: c.muted },
        axisTick: { show: !small },
        axisLine: { show: true, onZero: false, lineStyle: { color: c.border } },
        splitLine: { show: false },
      };
    }
    return { xAxis: axis(frame.x_name, frame.high_strength_left), yAxis: axis(frame.y_name, false) };
  }

  /* Quadrants as mark areas (labels in the outer corners) and the cut-offs as dashed
     lines. A score on a cut-off counts as high: the server gives each quadrant's range. */
  function matrixMarks(frame, c, small) {
    const areas = frame.quadrants.map((q) => {
      const onLeft = q.high_strength === frame.high_strength_left;
      const vertical = q.high_attractiveness ? "insideTop" : "insideBottom";
      return [
        {
          name: q.label,
          xAxis: q.strength[0],
          yAxis: q.attractiveness[0],
          itemStyle: { color: c.soft[q.key] },
          label: small
            ? { show: false }
            : {
                show: true,
                position: vertical + (onLeft ? "Left" : "Right"),
                distance: 10,
                align: onLeft ? "left" : "right",
                formatter: "{name|" + q.label.toUpperCase() + "}\n{policy|" + q.short + "}",
                rich: {
                  name: { fontSize: 18, fontWeight: 700, color: c.text2, lineHeight: 24, align: onLeft ? "left" : "right" },
                  policy: { fontSize: 13, color: c.muted, lineHeight: 18, align: onLeft ? "left" : "right" },
                },
              },
        },
        { xAxis: q.strength[1], yAxis: q.attractiveness[1] },
      ];
    });
    return {
      markArea: { silent: true, data: areas },
      markLine: {
        silent: true,
        symbol: "none",
        lineStyle: { color: "#5f6b7a", type: "dashed", width: small ? 1 : 2 },
        label: small
          ? { show: false }
          : { show: true, color: c.muted, fontSize: 11, formatter: (p) => p.name },
        data: [
          { name: "strength cut-off " + frame.strength_cutoff, xAxis: frame.strength_cutoff },
          {
            name: "attractiveness cut-off " + frame.attractiveness_cutoff,
            yAxis: frame.attractiveness_cutoff,
            // The line runs from strength 0 to 10: put its label at the right-hand end.
            label: { position: frame.high_strength_left ? "insideStartTop" : "insideEndTop" },
          },
        ],
      },
    };
  }

  // Simple charts --------------------------------------------------------------------

  /* A revenue trend in a table row: a line, no axes, no interaction. */
  kinds.spark = function (el, c) {
    const values = JSON.parse(el.dataset.values || "[]");
    if (values.length < 2) return;
    const chart = create(el);
    chart.setOption({
      grid: { left: 1, right: 1, top: 2, bottom: 2 },
      xAxis: { type: "category", show: false, boundaryGap: false, data: values.map((_, i) => i) },
      yAxis: { type: "value", show: false, scale: true },
      series: [
        {
          type: "line",
          data: values,
          silent: true,
          symbol: "none",
          lineStyle: { color: c.accent, width: 1.5 },
        },
      ],
    });
  };

  /* Revenue by period, with the figure of each period on hover. */
  kinds.revenue = function (el, c) {
    const data = json(el.dataset.payload);
    if (!data || data.periods.length < 2) return;
    const chart = create(el);
    chart.setOption({
      grid: { left: 44, right: 12, top: 10, bottom: 24 },
      tooltip: tooltip({
        trigger: "axis",
        formatter: (params) => {
          const p = data.periods[params[0].dataIndex];
          return tipContent(p.label, ["Revenue " + money(p.revenue, data.currency)]);
        },
      }),
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: data.periods.map((p) => p.short),
        axisLabel: { color: c.muted, fontSize: 11 },
        axisLine: { lineStyle: { color: c.border } },
        axisTick: { show: false },
      },
      yAxis: {
        type: "value",
        scale: true,
        splitNumber: 3,
        axisLabel: { color: c.muted, fontSize: 11, formatter: compact },
        splitLine: { lineStyle: { color: "#eef0f3" } },
      },
      series: [
        {
          name: "Revenue",
          type: "line",
          data: data.periods.map((p) => p.revenue),
          symbolSize: 6,
          itemStyle: { color: c.accent },
          lineStyle: { color: c.accent, width: 2 },
          areaStyle: { color: c.accent, opacity: 0.08 },
        },
      ],
    });
  };

  /* CLV with no horizon and over the horizon, against retention; the chosen r marked. */
  kinds.whatif = function (el, c) {
    const data = json(el.dataset.payload);
    if (!data) return;
    const chart = create(el);
    const finiteName = data.horizon_years + " years";
    const series = [
      {
        name: "No horizon",
        type: "line",
        data: data.rates.map((r, i) => [r, data.infinite[i]]),
        symbolSize: 5,
        itemStyle: { color: c.accent },
        lineStyle: { color: c.accent, width: 2 },
      },
      {
        name: finiteName,
        type: "line",
        data: data.rates.map((r, i) => [r, data.finite[i]]),
        symbolSize: 5,
        itemStyle: { color: c.ok },
        lineStyle: { color: c.ok, width: 2, type: [5, 3] },
      },
    ];
    if (data.chosen !== null && data.chosen !== undefined) {
      series[0].markLine = {
        silent: true,
        symbol: "none",
        lineStyle: { color: c.focus, width: 2, type: "solid" },
        label: { color: c.text2, fontSize: 11, formatter: "r " + data.chosen.toFixed(2) },
        data: [{ xAxis: data.chosen }],
      };
    }
    chart.setOption({
      grid: { left: 48, right: 16, top: 30, bottom: 28 },
      legend: { top: 0, left: 0, itemWidth: 18, itemHeight: 8, textStyle: { color: c.text2, fontSize: 12 } },
      tooltip: tooltip({
        trigger: "axis",
        formatter: (params) => {
          const i = params[0].dataIndex;
          return tipContent("r = " + data.rates[i].toFixed(2), [
            "No horizon " + money(data.infinite[i], data.currency),
            finiteName + " " + money(data.finite[i], data.currency),
          ]);
        },
      }),
      xAxis: {
        type: "value",
        min: data.rates[0],
        max: data.rates[data.rates.length - 1],
        interval: 0.15,
        axisLabel: { color: c.muted, fontSize: 11, formatter: (v) => v.toFixed(2) },
        axisLine: { lineStyle: { color: c.border } },
        splitLine: { show: false },
      },
      yAxis: {
        type: "value",
        splitNumber: 4,
        axisLabel: { color: c.muted, fontSize: 11, formatter: compact },
        splitLine: { lineStyle: { color: "#eef0f3" } },
      },
      series: series,
    });
  };

  /* An account's places in the matrix over time, oldest to now, in a small matrix. */
  kinds.trail = function (el, c) {
    const data = json(el.dataset.payload);
    if (!data || !data.points.length) return;
    const chart = create(el);
    const last = data.points.length - 1;
    const axes = matrixAxes(data.frame, c, true);
    chart.setOption({
      grid: { left: 4, right: 4, top: 4, bottom: 4 },
      xAxis: axes.xAxis,
      yAxis: axes.yAxis,
      tooltip: tooltip({
        trigger: "item",
        formatter: (p) => {
          const point = data.points[p.dataIndex];
          return tipContent(point.date, [
            point.quadrant_label + " (" + point.attractiveness + " / " + point.strength + ")",
          ]);
        },
      }),
      series: [
        Object.assign(
          {
            type: "line",
            data: data.points.map((p, i) => ({
              value: [p.strength, p.attractiveness],
              symbolSize: i === last ? 10 : 6,
              itemStyle: { color: i === last ? c.accent : "#98a1ad" },
            })),
            symbol: "circle",
            lineStyle: { color: c.accent, width: 1.5 },
            emphasis: { scale: 1.4 },
          },
          matrixMarks(data.frame, c, true),
        ),
      ],
    });
  };

  /* A chart whose whole ECharts option the server built (the KPI charts): the same
   * option is rendered to SVG and PNG on the server for exports (relmap.core.charts),
   * so the page and the export show the same chart. */
  kinds.option = function (el, c) {
    const option = json(el.dataset.payload);
    if (!option) return;
    // The page names the chart in its heading; the title is for the exported file.
    delete option.title;
    option.grid = Object.assign({}, option.grid, { top: 32 });
    const chart = create(el);
    chart.setOption(option);
  };

  function drawIn(root) {
    if (!available() || !root || !root.querySelectorAll) return;
    sweep();
    const c = palette();
    const found = Array.from(root.querySelectorAll("[data-chart]"));
    if (root.matches && root.matches("[data-chart]")) found.unshift(root);
    found.forEach((el) => {
      const draw = kinds[el.dataset.chart];
      if (draw && !instance(el)) draw(el, c);
    });
  }

  window.relmapCharts = {
    available: available,
    palette: palette,
    json: json,
    money: money,
    tipContent: tipContent,
    tooltip: tooltip,
    create: create,
    instance: instance,
    sweep: sweep,
    matrixAxes: matrixAxes,
    matrixMarks: matrixMarks,
  };

  function start() {
    drawIn(document.body);
  }

  // htmx:load fires for every piece of content htmx swaps in.
  document.addEventListener("htmx:load", (event) => drawIn(event.detail && event.detail.elt));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
