// The dashboard's charts: figures from /admin/api/stats for the page's date range, drawn with
// Chart.js (served by this server from its own copy, no CDN). Labels come from the page (prompts/admin.yaml).
/* global Chart */
(async () => {
  const body = document.body;
  const labels = JSON.parse(body.dataset.labels || '{}');
  const status = document.getElementById('chart-status');
  const palette = ['#0b5394', '#e69138', '#6aa84f', '#a61c00', '#674ea7', '#45818e', '#bf9000', '#999999'];
  const query = new URLSearchParams({ from: body.dataset.from, to: body.dataset.to });
  let d;
  try {
    const res = await fetch(`/admin/api/stats?${query}`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(String(res.status));
    d = await res.json();
  } catch (err) {
    status.textContent = `⚠ ${err.message}`;
    return;
  }
  const draw = (id, config) => new Chart(document.getElementById(id), {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
  const days = [...new Set(d.perDay.map((r) => r.day))];
  const channels = [...new Set(d.perDay.map((r) => r.channel))];
  const cell = (day, channel, key) => d.perDay.find((r) => r.day === day && r.channel === channel)?.[key] ?? 0;

  draw('chart-per-day', {
    type: 'bar',
    data: { labels: days, datasets: channels.map((c, i) => ({ label: c, data: days.map((day) => cell(day, c, 'turns')), backgroundColor: palette[i % palette.length] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
  draw('chart-conversations', {
    type: 'line',
    data: { labels: days, datasets: [{ label: labels.conversations, data: days.map((day) => channels.reduce((s, c) => s + cell(day, c, 'conversations'), 0)), borderColor: palette[0], backgroundColor: palette[0] }] },
    options: { scales: { y: { beginAtZero: true } } },
  });
  const kinds = Object.keys(labels.kinds).filter((k) => k !== 'down');
  draw('chart-kinds', {
    type: 'doughnut',
    data: {
      labels: [...kinds.map((k) => labels.kinds[k]), labels.kinds.down],
      datasets: [{ data: [...kinds.map((k) => d.kinds[k] ?? 0), d.ratings.down], backgroundColor: palette }],
    },
  });
  draw('chart-intents', {
    type: 'bar',
    data: { labels: d.topIntents.map((i) => i.label), datasets: [{ label: labels.turns, data: d.topIntents.map((i) => i.n), backgroundColor: palette[0] }] },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
  });
  draw('chart-regions', {
    type: 'bar',
    data: {
      labels: d.regions.map((r) => r.name),
      datasets: [
        { label: labels.covered, data: d.regions.map((r) => (r.covered ? r.n : 0)), backgroundColor: palette[2] },
        { label: labels.national, data: d.regions.map((r) => (r.covered ? 0 : r.n)), backgroundColor: palette[1] },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
  const flows = Object.keys(labels.flows);
  draw('chart-flows', {
    type: 'bar',
    data: {
      labels: flows.map((f) => labels.flows[f]),
      datasets: [
        { label: labels.started, data: flows.map((f) => d.flows[f]?.started ?? 0), backgroundColor: palette[0] },
        { label: labels.completed, data: flows.map((f) => d.flows[f]?.completed ?? 0), backgroundColor: palette[2] },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
  status.textContent = '';
  body.dataset.charts = String(document.querySelectorAll('canvas').length);
})();
