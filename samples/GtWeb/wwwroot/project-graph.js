// Draws the project graph with cytoscape.js, laid out in ranks by dagre (both vendored in lib/ with their licences). The elements come
// from the server in a data attribute (HTML-encoded there, parsed as JSON here); labels are drawn on a canvas,
// so remote text is never parsed as HTML.
(function () {
  'use strict';
  var container = document.getElementById('graph');
  if (!container || typeof cytoscape !== 'function') {
    return;
  }

  var data = JSON.parse(container.getAttribute('data-graph'));
  var cy = cytoscape({
    container: container,
    elements: data.elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node.chain', style: {
        'label': 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 13, 'font-weight': 'bold',
        'background-color': '#eef2f8', 'border-color': '#9aa7bb', 'border-width': 1, 'shape': 'round-rectangle', 'padding': 14 } },
      { selector: 'node.unit', style: {
        'label': 'data(label)', 'text-wrap': 'wrap', 'text-max-width': 170, 'font-size': 12, 'text-valign': 'center',
        'width': 190, 'height': 48, 'shape': 'round-rectangle', 'background-color': '#dbe7ff', 'border-color': '#3b63c4', 'border-width': 1, 'color': '#1d2330' } },
      { selector: 'node.closed', style: { 'background-color': '#e4e6ea', 'border-color': '#a3a9b3', 'color': '#8a93a3' } },
      { selector: 'node.unreachable', style: { 'background-color': '#fde8e8', 'border-style': 'dashed', 'border-color': '#a02020' } },
      { selector: 'edge', style: { 'width': 1.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#6b7485', 'target-arrow-color': '#6b7485' } },
      { selector: 'edge.delegation', style: { 'line-style': 'dashed', 'width': 2.5, 'line-color': '#7b61ff', 'target-arrow-color': '#7b61ff' } },
      { selector: 'edge.blocks', style: { 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', 'target-arrow-shape': 'tee' } }
    ],
    // Ranked top-down by the tree and delegation edges; blocking edges do not pull ranks apart.
    layout: { name: 'dagre', rankDir: 'TB', nodeSep: 30, rankSep: 60, edgeSep: 10, padding: 16, animate: false,
      edgeWeight: function (edge) { return edge.data('kind') === 'blocks' ? 0 : 1; } }
  });
  cy.fit(undefined, 16);
  // Never zoom in past life size on small projects, nor so far out that labels cannot be read.
  if (cy.zoom() > 1) { cy.zoom(1); cy.center(); }
  window.gtGraph = cy;
  container.setAttribute('data-ready', 'true');
})();
