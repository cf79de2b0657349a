/* policykg department network: one plan's network at a time, a plan picker, a search box
 * and a side panel. Data comes from the block #policykg-data (JSON; gzip in base64 when
 * the page is large); nothing is loaded from the network. kg/export/html.py (page_data)
 * describes the data. A plan's network is laid out when it is first drawn (policykgLayout,
 * layout.js), so the data carries no positions.
 * In the address: #plan=<plan id> draws that plan (#plan=all: every plan together) and
 * #select=<department name or measure key> opens that item; #plan=…&select=… does both. */
(function () {
  "use strict";
  var FONTS = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';
  var ROLE_NAMES = { lead: "牵头 lead", participant: "参与 participant" };
  var ROLE_RANK = { lead: 0, participant: 1 };
  var CELL = 1300; // the all-plans view: each plan's picture (1000 wide) in a cell of a grid
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

  function unpack(block) {
    if (block.type === "application/json") return Promise.resolve(JSON.parse(block.textContent));
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot unpack it (Chrome 80, Firefox 113 or Safari 16.4 can)"));
    }
    var text = atob(block.textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  var block = document.getElementById("policykg-data");
  if (block.type === "application/json") start(JSON.parse(block.textContent));
  else unpack(block).then(start, function (error) {
    panel.replaceChildren(el("p", { "class": "empty" }, "无法读取本页数据 The page's data cannot be read: " + error.message));
  });

  function start(raw) {
    // --- the data, read back -----------------------------------------------------------

    var units = raw.units.map(function (u, index) {
      return {
        index: index,
        id: /^[A-Za-z][A-Za-z0-9+.-]*:/.test(u[0]) ? u[0] : raw.unitBase + u[0],
        name: u[1], label_en: u[2], type: raw.types[u[3]], label: u[4] || u[1]
      };
    });
    var measures = {};
    var plansById = {};
    var plans = raw.plans.map(function (p, index) {
      var nodes = p.nodes.map(function (n) {
        return { unit: units[n[0]], led: n[1], joined: n[2], size: size(n[1] + n[2]), label: n.length > 3 ? n[3] : units[n[0]].name };
      });
      function edges(flat, kind) {
        var list = [];
        for (var i = 0; i < flat.length; i += 3) {
          list.push({ source: nodes[flat[i]].unit.id, target: nodes[flat[i + 1]].unit.id, kind: kind, weight: flat[i + 2] });
        }
        return list;
      }
      var plan = {
        index: index, id: p.id, title: p.title, counts: p.counts, nodes: nodes,
        edges: edges(p.leads, "leads").concat(edges(p.shared, "co-responsible")), measureKeys: [],
        leads: p.leads, shared: p.shared, positions: null
      };
      p.measures.forEach(function (m) {
        var key = p.id + "/" + m[0];
        var assigned = [];
        for (var i = 0; i < m[3].length; i += 2) {
          var node = nodes[m[3][i]];
          var role = typeof m[3][i + 1] === "number" ? raw.roles[m[3][i + 1]] : m[3][i + 1];
          assigned.push({ unit: node.unit.id, label: node.label, role: role });
        }
        measures[key] = {
          key: key, plan: plan, number: m[0], title: m[1], text: m[2], document: p.title, units: assigned,
          targets: m[4].map(function (t) {
            return { text: typeof t[0] === "string" ? t[0] : m[2].substr(t[0][0], t[0][1]), value: t[1], deadline: t[2] };
          }),
          programmes: m[5]
        };
        plan.measureKeys.push(key);
      });
      plansById[p.id] = plan;
      return plan;
    });
    // A node's drawn size: grows with the square root of its load, so area tracks load.
    function size(load) { return Math.round((10 + 8 * Math.sqrt(load)) * 10) / 10; }

    // A plan's positions, by node number, laid out the first time they are asked for.
    function placed(plan) {
      if (!plan.positions) {
        var loads = plan.nodes.map(function (node) { return node.led + node.joined; });
        plan.positions = policykgLayout(loads, plan.leads, plan.shared);
      }
      return plan.positions;
    }

    var titled = {};
    plans.forEach(function (plan) { titled[plan.title] = (titled[plan.title] || 0) + 1; });

    // --- views: one plan, or every plan together --------------------------------------

    var views = {};
    var current = null;

    // Each department's measures: leads before joins, in plan and number order.
    function collect(departments, list) {
      [0, 1, 2].forEach(function (rank) {
        list.forEach(function (plan) {
          plan.measureKeys.forEach(function (key) {
            var seen = {};
            measures[key].units.forEach(function (unit) {
              var department = departments[unit.unit];
              var own = ROLE_RANK.hasOwnProperty(unit.role) ? ROLE_RANK[unit.role] : 2;
              if (!department || own !== rank || seen[unit.unit + " " + unit.role]) return;
              seen[unit.unit + " " + unit.role] = true;
              department.measures.push({ key: key, role: unit.role });
            });
          });
        });
      });
    }

    function planView(plan) {
      if (views[plan.id]) return views[plan.id];
      var departments = {};
      plan.nodes.forEach(function (node, number) {
        departments[node.unit.id] = {
          unit: node.unit, label: node.label, led: node.led, joined: node.joined, size: node.size,
          at: { plan: plan, node: number, dx: 0, dy: 0 }, plans: 1, measures: []
        };
      });
      collect(departments, [plan]);
      views[plan.id] = {
        id: plan.id, all: false, plans: [plan], title: plan.title, departments: departments,
        edges: plan.edges, measureOrder: plan.measureKeys, counts: plan.counts
      };
      return views[plan.id];
    }

    // Every plan together, drawn only when asked for: each plan's picture in a cell of a
    // grid, a department named by several plans where its first plan draws it, counts
    // and link weights summed over the plans, as the network of all plans counts them.
    function allView() {
      if (views[""]) return views[""];
      var departments = {};
      var columns = Math.ceil(Math.sqrt(plans.length));
      plans.forEach(function (plan, index) {
        var dx = (index % columns) * CELL, dy = Math.floor(index / columns) * CELL;
        plan.nodes.forEach(function (node, number) {
          var department = departments[node.unit.id];
          if (!department) {
            department = departments[node.unit.id] = {
              unit: node.unit, label: node.unit.label, led: 0, joined: 0,
              at: { plan: plan, node: number, dx: dx, dy: dy }, plans: 0, measures: []
            };
          }
          department.led += node.led;
          department.joined += node.joined;
          department.plans += 1;
        });
      });
      Object.keys(departments).forEach(function (id) {
        var department = departments[id];
        department.size = size(department.led + department.joined);
      });
      var edges = [], at = {};
      plans.forEach(function (plan) {
        plan.edges.forEach(function (edge) {
          var key = edge.kind + " " + edge.source + " " + edge.target;
          if (!at.hasOwnProperty(key)) {
            at[key] = edges.length;
            edges.push({ source: edge.source, target: edge.target, kind: edge.kind, weight: 0 });
          }
          edges[at[key]].weight += edge.weight;
        });
      });
      collect(departments, plans);
      var order = [], counts = { measures: 0, departments: Object.keys(departments).length, assignments: 0 };
      plans.forEach(function (plan) {
        order = order.concat(plan.measureKeys);
        counts.measures += plan.counts.measures;
        counts.assignments += plan.counts.assignments;
      });
      views[""] = {
        id: "all", all: true, plans: plans, title: "全部 " + plans.length + " 个方案 All " + plans.length + " plans",
        departments: departments, edges: edges, measureOrder: order, counts: counts
      };
      return views[""];
    }

    // --- the graph -----------------------------------------------------------------------

    var cy = cytoscape({
      container: document.getElementById("network"),
      elements: [],
      layout: { name: "preset", fit: true, padding: 40 },
      minZoom: 0.02,
      maxZoom: 5,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "background-color": "data(colour)",
          "width": "mapData(size, 10, 50, 16, 64)", "height": "mapData(size, 10, 50, 16, 64)",
          "font-family": FONTS, "font-size": "mapData(size, 10, 50, 15, 22)", "color": "#1d2329",
          "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff", "text-outline-width": 2,
          "min-zoomed-font-size": 6, "border-width": 1, "border-color": "#ffffff" } },
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

    // The view's nodes, and its edges between them: an edge is drawn only when both its
    // ends are in the view.
    function elements(view) {
      var list = [];
      Object.keys(view.departments).forEach(function (id) {
        var department = view.departments[id];
        var at = department.at, point = placed(at.plan)[at.node];
        list.push({
          group: "nodes",
          data: {
            id: id, label: department.label, colour: department.unit.type.colour, size: department.size,
            type: department.unit.type.type, led: department.led, joined: department.joined
          },
          position: { x: point[0] + at.dx, y: point[1] + at.dy }
        });
      });
      view.edges.forEach(function (edge, index) {
        if (!view.departments[edge.source] || !view.departments[edge.target]) return;
        list.push({
          group: "edges",
          data: { id: "e" + index, source: edge.source, target: edge.target, kind: edge.kind, weight: edge.weight }
        });
      });
      return list;
    }

    var heading = document.getElementById("heading");
    var picker = document.getElementById("plan");
    var together = document.getElementById("all-plans");
    var search = document.getElementById("search");

    function draw(view) {
      if (view === current) return;
      current = view;
      cy.batch(function () {
        cy.elements().remove();
        cy.add(elements(view));
      });
      showEdges();
      cy.fit(undefined, 40);
      heading.textContent = view.title;
      document.title = view.title + " · 部门协作网络 Department network";
      if (!view.all) picker.value = view.id;
      picker.disabled = view.all;
      together.checked = view.all;
      search.value = "";
      drawLegend(view);
    }

    function choose(nodes) {
      cy.elements().removeClass("chosen faded");
      if (!nodes || nodes.empty()) return;
      var around = nodes.closedNeighborhood();
      cy.elements().not(around).addClass("faded");
      nodes.addClass("chosen");
      nodes.connectedEdges().addClass("chosen");
    }

    var showLeads = document.getElementById("show-leads");
    var showShared = document.getElementById("show-shared");
    function showEdges() {
      cy.edges("[kind = 'leads']").toggleClass("hidden", !showLeads.checked);
      cy.edges("[kind = 'co-responsible']").toggleClass("hidden", !showShared.checked);
    }
    showLeads.addEventListener("change", showEdges);
    showShared.addEventListener("change", showEdges);
    document.getElementById("fit").addEventListener("click", function () { cy.fit(undefined, 40); });

    cy.on("tap", "node", function (event) { showDepartment(event.target.id()); });
    cy.on("tap", function (event) {
      if (event.target === cy) { choose(null); showOverview(); }
    });

    // --- the side panel --------------------------------------------------------------------

    function measureLink(key) {
      var measure = measures[key];
      var link = el("a", { "data-measure": key, href: "#select=" + encodeURIComponent(key) },
        measure.number + ". " + measure.title);
      link.addEventListener("click", function (event) { event.preventDefault(); showMeasure(key); });
      return link;
    }

    function unitLink(unit) {
      if (!unit.unit || !current.departments[unit.unit]) return el("span", {}, unit.label);
      var link = el("a", { "data-unit": unit.unit, href: "#select=" + encodeURIComponent(unit.label) }, unit.label);
      link.addEventListener("click", function (event) { event.preventDefault(); showDepartment(unit.unit); });
      return link;
    }

    function measureList(entries) {
      if (!entries.length) return el("p", { "class": "empty" }, "无 none");
      var list = el("ol", { "class": "measures" });
      entries.forEach(function (entry) {
        var measure = measures[entry.key];
        list.appendChild(el("li", { "data-number": measure.number }, measureLink(entry.key),
          current.all ? el("span", { "class": "plans" }, " · " + measure.document) : null,
          el("p", { "class": "source" }, measure.text || "")));
      });
      return list;
    }

    function remember(text) {
      var plan = plans.length > 1 ? "plan=" + current.id + "&" : "";
      try { history.replaceState(null, "", "#" + plan + "select=" + encodeURIComponent(text)); } catch (error) { /* file:// may refuse */ }
    }

    function holding(id) {
      if (current && current.departments[id]) return current;
      for (var i = 0; i < plans.length; i++) {
        if (planView(plans[i]).departments[id]) return planView(plans[i]);
      }
      return null;
    }

    function showDepartment(id) {
      var view = holding(id);
      if (!view) return;
      draw(view);
      var department = current.departments[id];
      choose(cy.getElementById(id));
      var led = department.measures.filter(function (m) { return m.role === "lead"; });
      var joined = department.measures.filter(function (m) { return m.role !== "lead"; });
      panel.replaceChildren(
        el("h2", { "class": "department", "data-unit": id }, department.label, " ", el("small", {}, department.unit.label_en)),
        el("p", { "class": "meta" }, department.unit.type.label + " · 牵头 " + department.led + " 项 leads · 参与 " +
          department.joined + " 项 joins" + (current.all ? " · " + department.plans + " 个方案 plans" : "")),
        el("h3", {}, "牵头的任务 Measures it leads (" + led.length + ")"),
        el("div", { id: "led-measures" }, measureList(led)),
        el("h3", {}, "参与的任务 Measures it joins (" + joined.length + ")"),
        el("div", { id: "joined-measures" }, measureList(joined))
      );
      panel.scrollTop = 0;
      remember(department.label);
    }

    function showMeasure(key) {
      var measure = measures[key];
      if (!measure) return;
      if (!current.all) draw(planView(measure.plan));
      var ids = measure.units.map(function (unit) { return unit.unit; });
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
      var departments = current.departments;
      var ranked = Object.keys(departments).sort(function (a, b) {
        var x = departments[a], y = departments[b];
        return (y.led - x.led) || ((y.led + y.joined) - (x.led + x.joined)) || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0);
      });
      var list = el("ol", {});
      ranked.forEach(function (id) {
        var department = departments[id];
        list.appendChild(el("li", {}, unitLink({ unit: id, label: department.label }),
          " — 牵头 " + department.led + " · 参与 " + department.joined +
          (current.all && department.plans > 1 ? " · " + department.plans + " 个方案 plans" : "")));
      });
      panel.replaceChildren(
        el("h2", {}, "部门 Departments (" + ranked.length + ")"),
        el("p", { "class": "meta" }, (current.all ? current.plans.length + " 个方案 plans · " : "") +
          current.counts.measures + " 项任务 measures · " + current.counts.assignments + " 项分工 assignments"),
        list
      );
    }

    // --- search ----------------------------------------------------------------------------

    function matches(query) {
      var needle = query.trim().toLowerCase();
      if (!needle) return { departments: [], measures: [] };
      var found = Object.keys(current.departments).filter(function (id) {
        var d = current.departments[id];
        return (d.label + " " + d.unit.label_en).toLowerCase().indexOf(needle) >= 0;
      });
      var keys = current.measureOrder.filter(function (key) {
        var m = measures[key];
        return String(m.number) === needle || (m.title + " " + m.text).toLowerCase().indexOf(needle) >= 0;
      });
      return { departments: found, measures: keys };
    }

    function showResults(query) {
      var found = matches(query);
      if (!query.trim()) { choose(null); showOverview(); return found; }
      choose(cy.nodes().filter(function (node) { return found.departments.indexOf(node.id()) >= 0; }));
      var departments = el("ul", {});
      found.departments.forEach(function (id) {
        departments.appendChild(el("li", {}, unitLink({ unit: id, label: current.departments[id].label })));
      });
      var list = el("ul", {});
      found.measures.forEach(function (key) { list.appendChild(el("li", {}, measureLink(key))); });
      panel.replaceChildren(
        el("h2", {}, "“" + query.trim() + "”"),
        el("h3", {}, "部门 Departments (" + found.departments.length + ")"), departments,
        el("h3", {}, "任务 Measures (" + found.measures.length + ")"), list
      );
      return found;
    }

    search.addEventListener("input", function () { showResults(search.value); });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var found = matches(search.value);
      if (found.departments.length) showDepartment(found.departments[0]);
      else if (found.measures.length) showMeasure(found.measures[0]);
    });

    // --- legend, plan picker and start ------------------------------------------------------

    var legend = document.getElementById("legend");
    function drawLegend(view) {
      var present = {};
      Object.keys(view.departments).forEach(function (id) { present[view.departments[id].unit.type.type] = true; });
      legend.replaceChildren();
      raw.types.forEach(function (type) {
        if (present[type.type]) legend.appendChild(el("li", {}, el("span", { style: "background:" + type.colour }), type.label + " " + type.type));
      });
      legend.appendChild(el("li", {}, "— 灰色箭头: 牵头→参与 · 橙色线: 共同负责（粗细 = 任务数）"));
    }

    plans.forEach(function (plan) {
      picker.appendChild(el("option", { value: plan.id }, titled[plan.title] > 1 ? plan.title + " · " + plan.id : plan.title));
    });
    document.getElementById("plan-picker").hidden = plans.length < 2;
    document.getElementById("all-plans-toggle").hidden = plans.length < 2;
    picker.addEventListener("change", function () { location.hash = "plan=" + encodeURIComponent(picker.value); });
    together.addEventListener("change", function () {
      location.hash = "plan=" + (together.checked ? "all" : encodeURIComponent(picker.value));
    });

    // A department (by IRI, name or English name) or a measure (by key), drawn in the
    // view that holds it: the current one if it does, else the first plan that does.
    function select(text) {
      if (measures[text]) { showMeasure(text); return true; }
      var views_ = [current].concat(plans.map(planView));
      for (var i = 0; i < views_.length; i++) {
        var view = views_[i];
        if (!view) continue;
        var ids = Object.keys(view.departments).filter(function (id) {
          var d = view.departments[id];
          return id === text || d.label === text || d.unit.name === text || d.unit.label_en === text;
        });
        if (ids.length) { draw(view); showDepartment(ids[0]); return true; }
      }
      return false;
    }

    function fragment() {
      var hash = location.hash.replace(/^#/, "");
      var plan = /(?:^|&)plan=([^&]*)/.exec(hash);
      var selected = /(?:^|&)select=(.*)$/.exec(hash);
      function decode(text) { try { return decodeURIComponent(text); } catch (error) { return text; } }
      return { plan: plan ? decode(plan[1]) : "", select: selected ? decode(selected[1]) : "" };
    }

    function follow() {
      var wanted = fragment();
      var view = wanted.plan === "all" && plans.length > 1 ? allView() : plansById[wanted.plan] ? planView(plansById[wanted.plan]) : null;
      if (view) draw(view);
      if (wanted.select && select(wanted.select)) return;
      if (!current && plans.length) draw(planView(plans[0]));
      if (!current) draw({ id: "", all: false, plans: [], title: heading.textContent, departments: {}, edges: [], measureOrder: [], counts: { measures: 0, departments: 0, assignments: 0 } });
      choose(null);
      showOverview();
    }

    window.addEventListener("hashchange", follow);
    cy.ready(function () {
      follow();
      window.policykg = {
        cy: cy, data: { plans: plans, units: units, measures: measures }, view: function () { return current; },
        positions: function (id) {
          var plan = plansById[id];
          var found = {};
          placed(plan).forEach(function (point, number) { found[plan.nodes[number].unit.id] = point; });
          return found;
        },
        select: select, showDepartment: showDepartment, showMeasure: showMeasure,
        showPlan: function (id) { draw(id === "all" ? allView() : planView(plansById[id])); choose(null); showOverview(); }
      };
      window.policykgReady = true;
    });
  }
})();
