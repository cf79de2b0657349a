/* policykg: where each node of a department network is drawn, for the page (network.js)
 * and the report (report.js): kg/export/network/force_layout.py's layout, step for step
 * (a force-directed layout from a circle, heaviest node first, heavier edges pulling
 * harder; radii evened out; nodes closer than a gap pushed apart), so that the pages
 * carry no positions. The arithmetic is the same, but the layout amplifies the last-bit
 * differences between the browser's and Python's cos, atan2 and hypot, so a picture may
 * differ in its details from the positions the network files carry. */
var policykgLayout = (function () {
  "use strict";

  // Positions ([x, y], in a box 1000 wide centred on 0) of a network's nodes, given in
  // their order (the units' IRIs in order) with their loads (measures led + joined) and
  // the edges [source, target, weight] in the network's order (by source, target, kind):
  // a force-directed layout from a circle (heaviest node first), heavier edges pulling
  // harder, radii evened out, then nodes closer than a gap pushed apart.
  function forceLayout(loads, edges) {
    var size = 1000, count = loads.length, i;
    if (!count) return [];
    var order = loads.map(function (load, node) { return node; });
    order.sort(function (a, b) { return (loads[b] - loads[a]) || (a - b); });
    var index = [];
    order.forEach(function (node, rank) { index[node] = rank; });
    var springs = new Map();
    edges.forEach(function (edge) {
      var a = index[edge[0]], b = index[edge[1]];
      if (a === b) return;
      var key = a < b ? a * count + b : b * count + a;
      springs.set(key, (springs.has(key) ? springs.get(key) : 0) + edge[2]);
    });
    var points = separate(evenOutRadii(forceDirected(count, springs, size), size), size);
    var most = 1e-9;
    points.forEach(function (point) { most = Math.max(most, Math.abs(point[0]), Math.abs(point[1])); });
    var scale = (size / 2) / most;
    var placed = [];
    for (i = 0; i < count; i++) {
      placed.push([Number((points[index[i]][0] * scale).toFixed(2)), Number((points[index[i]][1] * scale).toFixed(2))]);
    }
    return placed;
  }

  function forceDirected(count, springs, size) {
    var x = [], y = [], i, j, ddx, ddy;
    for (i = 0; i < count; i++) {
      x.push(Math.cos(2 * Math.PI * i / count) * size / 3);
      y.push(Math.sin(2 * Math.PI * i / count) * size / 3);
    }
    var pairs = [];
    springs.forEach(function (weight, key) { pairs.push([Math.floor(key / count), key % count, weight]); });
    var ideal = size / Math.sqrt(count) / 2;
    var iterations = Math.max(20, Math.min(300, Math.floor(4000000 / (count * count))));
    var temperature = size / 10;
    for (var round = 0; round < iterations; round++) {
      var dx = new Array(count).fill(0), dy = new Array(count).fill(0);
      for (i = 0; i < count; i++) {
        for (j = i + 1; j < count; j++) {
          ddx = x[i] - x[j];
          ddy = y[i] - y[j];
          var distance = Math.max(Math.hypot(ddx, ddy), 0.01);
          var push = ideal * ideal / distance / distance;
          dx[i] += ddx * push;
          dy[i] += ddy * push;
          dx[j] -= ddx * push;
          dy[j] -= ddy * push;
        }
      }
      for (var k = 0; k < pairs.length; k++) {
        i = pairs[k][0];
        j = pairs[k][1];
        ddx = x[i] - x[j];
        ddy = y[i] - y[j];
        var pull = Math.hypot(ddx, ddy) / ideal * (1 + Math.log(pairs[k][2])) / 4;
        dx[i] -= ddx * pull;
        dy[i] -= ddy * pull;
        dx[j] += ddx * pull;
        dy[j] += ddy * pull;
      }
      for (i = 0; i < count; i++) {
        dx[i] -= x[i] * 0.05; // gravity keeps lone nodes in the picture
        dy[i] -= y[i] * 0.05;
        var moved = Math.max(Math.hypot(dx[i], dy[i]), 0.01);
        x[i] += dx[i] / moved * Math.min(moved, temperature);
        y[i] += dy[i] / moved * Math.min(moved, temperature);
      }
      temperature = Math.max(temperature * 0.97, 1.0);
    }
    return x.map(function (value, n) { return [value, y[n]]; });
  }

  // Each node keeps its direction from the centre; the k-th nearest gets the radius that
  // spreads the nodes evenly over a disc.
  function evenOutRadii(points, size) {
    var count = points.length, centreX = 0, centreY = 0;
    points.forEach(function (point) { centreX += point[0]; });
    points.forEach(function (point) { centreY += point[1]; });
    centreX /= count;
    centreY /= count;
    var polar = points.map(function (point, n) {
      return [Math.hypot(point[0] - centreX, point[1] - centreY), Math.atan2(point[1] - centreY, point[0] - centreX), n];
    });
    polar.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || (a[2] - b[2]); });
    var spread = [];
    polar.forEach(function (entry, rank) {
      var radius = size / 2 * Math.sqrt((rank + 0.5) / count);
      spread[entry[2]] = [radius * Math.cos(entry[1]), radius * Math.sin(entry[1])];
    });
    return spread;
  }

  // Nodes closer than a gap that leaves room for their labels are pushed apart.
  function separate(points, size) {
    var x = points.map(function (point) { return point[0]; }), y = points.map(function (point) { return point[1]; });
    var gap = size / Math.sqrt(points.length) * 0.45;
    for (var round = 0; round < 60; round++) {
      var moved = false;
      for (var i = 0; i < points.length; i++) {
        for (var j = i + 1; j < points.length; j++) {
          var ddx = x[i] - x[j], ddy = y[i] - y[j];
          var distance = Math.hypot(ddx, ddy);
          if (distance >= gap) continue;
          if (distance < 1e-6) { ddx = 1; ddy = 0; distance = 1; }
          var push = (gap - distance) / 2 / distance;
          x[i] += ddx * push;
          y[i] += ddy * push;
          x[j] -= ddx * push;
          y[j] -= ddy * push;
          moved = true;
        }
      }
      if (!moved) break;
    }
    return x.map(function (value, n) { return [value, y[n]]; });
  }

  // The positions of a network's nodes, given their loads in node order and its lead and
  // co-responsibility edges as flat lists of source, target, weight by node number; the
  // edges are taken in the network's order: by source, then target, co-responsibility
  // (the kind that sorts first) before leads.
  function layout(loads, leads, shared) {
    var edges = [];
    [[shared, 0], [leads, 1]].forEach(function (kind) {
      for (var i = 0; i < kind[0].length; i += 3) edges.push([kind[0][i], kind[0][i + 1], kind[0][i + 2], kind[1]]);
    });
    edges.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || (a[3] - b[3]); });
    return forceLayout(loads, edges);
  }

  return layout;
})();
