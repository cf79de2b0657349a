/* policykg report of several plans: each plan's department network, drawn as a small SVG
 * in its section from the block #policykg-networks (kg/export/report.py, networks_data)
 * and laid out as the page lays it out (policykgLayout, layout.js): nodes coloured by
 * class and sized by load, grey arrows lead → participant, orange lines for shared
 * measures, thicker for more measures. A picture is drawn when its section comes near
 * the window (all of them before printing), so a report of many plans opens at once. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FONTS = "Noto Sans CJK SC,WenQuanYi Micro Hei,Microsoft YaHei,sans-serif";
  var data = JSON.parse(document.getElementById("policykg-networks").textContent);

  function element(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function size(load) { return Math.round((10 + 8 * Math.sqrt(load)) * 10) / 10; }
  function radius(grown) { return (16 + (Math.min(Math.max(grown, 10), 50) - 10) / 40 * 48) / 2; }
  function width(weight, most, widest, thinnest) {
    var share = (Math.min(Math.max(weight, 1), most) - 1) / (most - 1);
    return (thinnest + share * (widest - thinnest)).toFixed(1);
  }
  function at(x, y) { return Math.round(x) + " " + Math.round(y); }

  function draw(holder) {
    if (holder.dataset.drawn) return;
    holder.dataset.drawn = "true";
    var plan = data.plans[holder.dataset.plan];
    var nodes = plan.nodes.map(function (n) {
      return { label: data.labels[n[0]], colour: data.colours[n[1]], led: n[2], joined: n[3], size: size(n[2] + n[3]) };
    });
    var positions = policykgLayout(nodes.map(function (n) { return n.led + n.joined; }), plan.leads, plan.shared);
    nodes.forEach(function (n, i) { n.x = positions[i][0]; n.y = positions[i][1]; n.r = radius(n.size); });
    var svg = element("svg", {
      "class": "network", viewBox: "-570 -550 1140 1130", width: "760", height: "753", role: "img",
      "aria-label": "department network", "font-family": FONTS
    });
    var shared = {}, shafts = {}, heads = [], i, weight;
    for (i = 0; i < plan.shared.length; i += 3) {
      var a = nodes[plan.shared[i]], b = nodes[plan.shared[i + 1]];
      weight = plan.shared[i + 2];
      shared[weight] = (shared[weight] || "") + "M" + at(a.x, a.y) + "L" + at(b.x, b.y);
    }
    for (i = 0; i < plan.leads.length; i += 3) {
      var source = nodes[plan.leads[i]], target = nodes[plan.leads[i + 1]];
      weight = plan.leads[i + 2];
      var length = Math.hypot(target.x - source.x, target.y - source.y) || 1;
      var ux = (target.x - source.x) / length, uy = (target.y - source.y) / length;
      var tipX = target.x - ux * target.r, tipY = target.y - uy * target.r;
      var baseX = tipX - ux * 14, baseY = tipY - uy * 14;
      shafts[weight] = (shafts[weight] || "") + "M" + at(source.x, source.y) + "L" + at(baseX, baseY);
      heads.push("M" + at(tipX, tipY) + "L" + at(baseX - uy * 6, baseY + ux * 6) + "L" + at(baseX + uy * 6, baseY - ux * 6) + "Z");
    }
    function byWeight(paths) { return Object.keys(paths).map(Number).sort(function (x, y) { return x - y; }); }
    byWeight(shared).forEach(function (w) {
      svg.appendChild(element("path", {
        "class": "co-responsible", d: shared[w], fill: "none", stroke: "#e69f00", "stroke-opacity": "0.35",
        "stroke-width": width(w, 16, 7, 0.6)
      }));
    });
    byWeight(shafts).forEach(function (w) {
      svg.appendChild(element("path", {
        "class": "leads", d: shafts[w], fill: "none", stroke: "#4b5560", "stroke-opacity": "0.5",
        "stroke-width": width(w, 13, 6, 1)
      }));
    });
    if (heads.length) svg.appendChild(element("path", { d: heads.join(""), fill: "#4b5560", "fill-opacity": "0.6" }));
    nodes.forEach(function (n) {
      var circle = element("circle", { cx: Math.round(n.x), cy: Math.round(n.y), r: Math.round(n.r), fill: n.colour, stroke: "#fff" });
      circle.appendChild(element("title", {}, n.label + ": 牵头 " + n.led + ", 参与 " + n.joined));
      svg.appendChild(circle);
    });
    var labels = element("g", { "text-anchor": "middle", fill: "#1d2329", stroke: "#fff", "stroke-width": "4", "paint-order": "stroke" });
    nodes.forEach(function (n) {
      var grown = 19 + (Math.min(Math.max(n.size, 10), 50) - 10) / 40 * 9;
      labels.appendChild(element("text", { x: Math.round(n.x), y: Math.round(n.y + n.r + grown), "font-size": Math.round(grown) }, n.label));
    });
    svg.appendChild(labels);
    holder.replaceChildren(svg);
  }

  var holders = Array.prototype.slice.call(document.querySelectorAll(".picture[data-plan]"));
  function drawAll() { holders.forEach(draw); }
  if (typeof IntersectionObserver === "undefined") {
    drawAll();
  } else {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { draw(entry.target); observer.unobserve(entry.target); }
      });
    }, { rootMargin: "1200px 0px" });
    holders.forEach(function (holder) { observer.observe(holder); });
  }
  window.addEventListener("beforeprint", drawAll);
  window.policykgReport = { drawAll: drawAll };
  window.policykgReady = true;
})();
