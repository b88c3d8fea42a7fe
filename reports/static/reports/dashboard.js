// Draws the dashboard's charts with Chart.js (served locally from node_modules) from the
// numbers in the #dashboard-data json_script element; each chart has its table on the page.
(function () {
  "use strict";

  var COLOURS = {
    blue: "#1f5fa8",
    green: "#2e7d32",
    red: "#b3261e",
    amber: "#a15c00",
  };

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    config.options = Object.assign(
      { animation: false, responsive: true, maintainAspectRatio: false },
      config.options || {}
    );
    new window.Chart(canvas, config);
  }

  function draw() {
    var node = document.getElementById("dashboard-data");
    if (!node || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(node.textContent);
    var s = data.series;
    var percentAxis = { y: { beginAtZero: true, max: 100 } };

    chart("chart-ranking", {
      type: "bar",
      data: {
        labels: data.ranking.labels,
        datasets: [{ label: s.rate, data: data.ranking.rates, backgroundColor: COLOURS.green }],
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } },
    });
    chart("chart-trend", {
      type: "bar",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: s.received, data: data.trend.received, backgroundColor: COLOURS.blue },
          { label: s.resolved, data: data.trend.resolved, backgroundColor: COLOURS.green },
          { label: s.late, data: data.trend.late, backgroundColor: COLOURS.red },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart("chart-online", {
      type: "line",
      data: {
        labels: data.online.labels,
        datasets: [
          { label: s.online, data: data.online.shares, borderColor: COLOURS.blue, pointRadius: 4, spanGaps: true },
        ],
      },
      options: { scales: percentAxis },
    });
    chart("chart-satisfaction", {
      type: "bar",
      data: {
        labels: data.satisfaction.labels,
        datasets: [
          { label: s.satisfaction, data: data.satisfaction.scores, backgroundColor: COLOURS.amber },
        ],
      },
      options: { scales: { y: { beginAtZero: true, max: 2 } } },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
