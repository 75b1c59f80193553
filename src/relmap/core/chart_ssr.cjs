// Render one Apache ECharts option to SVG on the server, with the same library the pages
// draw with in the browser (ECharts' server-side rendering, renderer "svg", ssr true).
// Usage: node chart_ssr.cjs ECHARTS_DIR WIDTH HEIGHT < option.json > chart.svg
"use strict";

const [, , echartsDir, width, height] = process.argv;
const echarts = require(echartsDir);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: Number(width),
    height: Number(height),
  });
  chart.setOption(JSON.parse(input));
  process.stdout.write(chart.renderToSVGString());
  chart.dispose();
  // ECharts keeps a timer for animations; the drawing is done.
  process.exit(0);
});
