/* policykg department network: the graph, a search box and a side panel.
 * Data comes from the JSON block #policykg-data; nothing is loaded from the network.
 * #select=<department name or measure key> in the address opens that item on load. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("policykg-data").textContent);
  var FONTS = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';
  var ROLE_NAMES = { lead: "牵头 lead", participant: "参与 participant" };
  var panel = document.getElementById("panel");

  function el(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: data.elements.nodes.concat(data.elements.edges),
    layout: { name: "preset", fit: true, padding: 40 },
    minZoom: 0.2,
    maxZoom: 5,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "background-color": "data(colour)",
        "width": "mapData(size, 10, 50, 16, 64)", "height": "mapData(size, 10, 50, 16, 64)",
        "font-family": FONTS, "font-size": "mapData(size, 10, 50, 15, 22)", "color": "#1d2329",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff", "text-outline-width": 2,
        "border-width": 1, "border-color": "#ffffff" } },
      { selector: "edge", style: { "curve-style": "bezier", "opacity": 0.5 } },
      { selector: "edge[kind = 'leads']", style: {
        "line-color": "#4b5560", "target-arrow-color": "#4b5560", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "width": "mapData(weight, 1, 13, 1, 6)" } },
      { selector: "edge[kind = 'co-responsible']", style: {
        "line-color": "#e69f00", "opacity": 0.35, "width": "mapData(weight, 1, 16, 0.6, 7)" } },
      { selector: ".faded", style: { "opacity": 0.08, "text-opacity": 0.25 } },
      { selector: "node.chosen", style: { "border-width": 4, "border-color": "#1d2329" } },
      { selector: "edge.chosen", style: { "opacity": 0.9 } },
      { selector: ".hidden", style: { "display": "none" } }
    ]
  });

  // --- the side panel --------------------------------------------------------------

  function measureLink(key) {
    var measure = data.measures[key];
    var link = el("a", { "data-measure": key, href: "#select=" + encodeURIComponent(key) },
      measure.number + ". " + measure.title);
    link.addEventListener("click", function (event) { event.preventDefault(); showMeasure(key); });
    return link;
  }

  function unitLink(unit) {
    if (!unit.unit || !data.departments[unit.unit]) return el("span", {}, unit.label);
    var link = el("a", { "data-unit": unit.unit, href: "#select=" + encodeURIComponent(unit.label) }, unit.label);
    link.addEventListener("click", function (event) { event.preventDefault(); showDepartment(unit.unit); });
    return link;
  }

  function measureList(entries) {
    if (!entries.length) return el("p", { "class": "empty" }, "无 none");
    var list = el("ol", { "class": "measures" });
    entries.forEach(function (entry) {
      var measure = data.measures[entry.key];
      list.appendChild(el("li", { "data-number": measure.number }, measureLink(entry.key),
        el("p", { "class": "source" }, entry.text || measure.text || "")));
    });
    return list;
  }

  function remember(text) {
    try { history.replaceState(null, "", "#select=" + encodeURIComponent(text)); } catch (error) { /* file:// may refuse */ }
  }

  function showDepartment(id) {
    var department = data.departments[id];
    if (!department) return;
    choose(cy.getElementById(id));
    var led = department.measures.filter(function (m) { return m.role === "lead"; });
    var joined = department.measures.filter(function (m) { return m.role !== "lead"; });
    panel.replaceChildren(
      el("h2", { "class": "department", "data-unit": id }, department.label, " ", el("small", {}, department.label_en)),
      el("p", { "class": "meta" }, department.type_label + " · 牵头 " + department.led + " 项 leads · 参与 " +
        department.joined + " 项 joins"),
      el("h3", {}, "牵头的任务 Measures it leads (" + led.length + ")"),
      el("div", { id: "led-measures" }, measureList(led)),
      el("h3", {}, "参与的任务 Measures it joins (" + joined.length + ")"),
      el("div", { id: "joined-measures" }, measureList(joined))
    );
    panel.scrollTop = 0;
    remember(department.label);
  }

  function showMeasure(key) {
    var measure = data.measures[key];
    if (!measure) return;
    var ids = measure.units.map(function (unit) { return unit.unit; }).filter(Boolean);
    choose(cy.nodes().filter(function (node) { return ids.indexOf(node.id()) >= 0; }));
    var units = el("ul", { "class": "units" });
    measure.units.forEach(function (unit) {
      units.appendChild(el("li", {}, el("span", { "class": "role " + unit.role }, ROLE_NAMES[unit.role] || unit.role), unitLink(unit)));
    });
    var targets = el("p", { "class": "empty" }, "无 none");
    if (measure.targets.length) {
      targets = el("table", { "class": "targets" },
        el("tr", {}, el("th", {}, "目标 target"), el("th", {}, "值 value"), el("th", {}, "期限 deadline")));
      measure.targets.forEach(function (target) {
        targets.appendChild(el("tr", {}, el("td", {}, target.text), el("td", {}, target.value), el("td", {}, target.deadline || "")));
      });
    }
    var programmes = el("p", { "class": "empty" }, "无 none");
    if (measure.programmes.length) {
      programmes = el("ul", {});
      measure.programmes.forEach(function (programme) { programmes.appendChild(el("li", {}, programme)); });
    }
    panel.replaceChildren(
      el("h2", { "class": "measure", "data-measure": key }, measure.number + ". " + measure.title),
      el("p", { "class": "meta" }, measure.document),
      el("p", { "class": "source" }, measure.text),
      el("h3", {}, "责任单位 Units (" + measure.units.length + ")"), units,
      el("h3", {}, "目标 Targets (" + measure.targets.length + ")"), targets,
      el("h3", {}, "项目与术语 Programmes (" + measure.programmes.length + ")"), programmes
    );
    panel.scrollTop = 0;
    remember(key);
  }

  function showOverview() {
    var ranked = Object.keys(data.departments).sort(function (a, b) {
      var x = data.departments[a], y = data.departments[b];
      return (y.led - x.led) || ((y.led + y.joined) - (x.led + x.joined)) || (x.label < y.label ? -1 : 1);
    });
    var list = el("ol", {});
    ranked.forEach(function (id) {
      var department = data.departments[id];
      list.appendChild(el("li", {}, unitLink({ unit: id, label: department.label }),
        " — 牵头 " + department.led + " · 参与 " + department.joined));
    });
    panel.replaceChildren(
      el("h2", {}, "部门 Departments (" + ranked.length + ")"),
      el("p", { "class": "meta" }, data.counts.measures + " 项任务 measures · " + data.counts.assignments + " 项分工 assignments"),
      list
    );
  }

  // --- the graph -------------------------------------------------------------------

  function choose(nodes) {
    cy.elements().removeClass("chosen faded");
    if (!nodes || nodes.empty()) return;
    var around = nodes.closedNeighborhood();
    cy.elements().not(around).addClass("faded");
    nodes.addClass("chosen");
    nodes.connectedEdges().addClass("chosen");
  }

  cy.on("tap", "node", function (event) { showDepartment(event.target.id()); });
  cy.on("tap", function (event) {
    if (event.target === cy) { choose(null); showOverview(); }
  });

  function toggle(kind, shown) { cy.edges("[kind = '" + kind + "']").toggleClass("hidden", !shown); }
  document.getElementById("show-leads").addEventListener("change", function (event) { toggle("leads", event.target.checked); });
  document.getElementById("show-shared").addEventListener("change", function (event) { toggle("co-responsible", event.target.checked); });
  document.getElementById("fit").addEventListener("click", function () { cy.fit(undefined, 40); });

  // --- search ----------------------------------------------------------------------

  function matches(query) {
    var needle = query.trim().toLowerCase();
    if (!needle) return { departments: [], measures: [] };
    var departments = Object.keys(data.departments).filter(function (id) {
      var d = data.departments[id];
      return (d.label + " " + d.label_en).toLowerCase().indexOf(needle) >= 0;
    });
    var measures = data.measureOrder.filter(function (key) {
      var m = data.measures[key];
      return String(m.number) === needle || (m.title + " " + m.text).toLowerCase().indexOf(needle) >= 0;
    });
    return { departments: departments, measures: measures };
  }

  function showResults(query) {
    var found = matches(query);
    if (!query.trim()) { choose(null); showOverview(); return found; }
    choose(cy.nodes().filter(function (node) { return found.departments.indexOf(node.id()) >= 0; }));
    var departments = el("ul", {});
    found.departments.forEach(function (id) { departments.appendChild(el("li", {}, unitLink({ unit: id, label: data.departments[id].label }))); });
    var measures = el("ul", {});
    found.measures.forEach(function (key) { measures.appendChild(el("li", {}, measureLink(key))); });
    panel.replaceChildren(
      el("h2", {}, "“" + query.trim() + "”"),
      el("h3", {}, "部门 Departments (" + found.departments.length + ")"), departments,
      el("h3", {}, "任务 Measures (" + found.measures.length + ")"), measures
    );
    return found;
  }

  var search = document.getElementById("search");
  search.addEventListener("input", function () { showResults(search.value); });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var found = matches(search.value);
    if (found.departments.length) showDepartment(found.departments[0]);
    else if (found.measures.length) showMeasure(found.measures[0]);
  });

  // --- legend and start --------------------------------------------------------------

  var legend = document.getElementById("legend");
  data.types.forEach(function (type) {
    legend.appendChild(el("li", {}, el("span", { style: "background:" + type.colour }), type.label + " " + type.type));
  });
  legend.appendChild(el("li", {}, "— 灰色箭头: 牵头→参与 · 橙色线: 共同负责（粗细 = 任务数）"));

  function select(text) {
    if (data.measures[text]) { showMeasure(text); return true; }
    var ids = Object.keys(data.departments).filter(function (id) {
      var d = data.departments[id];
      return id === text || d.label === text || d.label_en === text;
    });
    if (ids.length) { showDepartment(ids[0]); return true; }
    return false;
  }

  cy.ready(function () {
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (!(hash.indexOf("select=") === 0 && select(hash.slice(7)))) showOverview();
    window.policykg = { cy: cy, data: data, select: select, showDepartment: showDepartment, showMeasure: showMeasure };
    window.policykgReady = true;
  });
})();
