/* Interactive maps: an option below the static SVG maps, which stay the default view.
 *
 * Runs on every page through Material's document$ (so it survives instant navigation), but
 * does nothing unless the page has a .dj-map-live container. Its button opens the map below
 * the static one (whose legend, north arrow and notes stay in view) and loads Leaflet, once,
 * from the copy served with the site.
 *
 * On a phone the page keeps scrolling under one finger: the map pans with two fingers (and
 * zooms with a pinch), or with one finger after a tap on it, until a touch elsewhere. Without
 * a configured base map it draws the schematic layers the site ships (the lake, the towns, the
 * routes) on a plain background, so it is never blank and no request leaves the site. Labels
 * that would overlap one another or a marker, or leave the frame, are hidden: the numbers on
 * the markers stay, and the page lists every stop by its number. A town's name tries a few
 * places around its point first (right, left, above, below) before it gives way.
 */
(function () {
  "use strict";

  var leafletLoading = null;
  var maps = [];

  function loadLeaflet(root) {
    if (window.L && window.L.map) return Promise.resolve(window.L);
    if (leafletLoading) return leafletLoading;
    leafletLoading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = root + "leaflet.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = root + "leaflet.js";
      script.onload = function () { resolve(window.L); };
      script.onerror = function () { leafletLoading = null; reject(new Error("leaflet")); };
      document.head.appendChild(script);
    });
    return leafletLoading;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function pageUrl(el, path) {
    return new URL(el.dataset.base + path, window.location.href).href;
  }

  /* Leaflet puts a string it is given for a popup, tooltip or icon into the page as HTML:
   * names and numbers go to it as elements whose text is set, never as strings. */
  function textElement(tag, text) {
    var node = document.createElement(tag);
    node.textContent = String(text);
    return node;
  }

  // only for the attribution, which Leaflet takes as HTML and nothing else
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function popup(el, props) {
    var link = document.createElement("a");
    link.href = pageUrl(el, props.path);
    link.textContent = (props.number ? props.number + ". " : "") + props.name;
    return link;
  }

  function numberedIcon(L, number) {
    return L.divIcon({
      className: "dj-live-stop",
      html: textElement("span", number), // safe-sink: an element whose text is set
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -14]
    });
  }

  /* Where a town's name may go around its point, as CSS translate offsets from where its
   * class puts it (to the right of the point, vertically centred): right, left, above, below. */
  function townSpots(node) {
    var w = node.offsetWidth, h = node.offsetHeight, gap = 9;
    return [[0, 0], [-(w + 2 * gap), 0], [-(w / 2 + gap), -(h + 4)], [-(w / 2 + gap), h + 4]];
  }

  /* A name on the map (the lake, a town): plain text in a pane of its own, neither a marker
   * nor a tooltip, so that nothing takes it for a place to click. */
  function nameLabel(L, latlng, name, className, spots) {
    var Label = L.Layer.extend({
      spots: spots || null,
      onAdd: function (map) {
        this._el = textElement("span", name);
        this._el.className = "dj-live-name leaflet-zoom-hide " + className;
        map.getPane("djNames").appendChild(this._el);
        map.on("zoomend viewreset", this._update, this);
        this._update();
      },
      onRemove: function (map) {
        this._el.remove();
        map.off("zoomend viewreset", this._update, this);
      },
      _update: function () {
        L.DomUtil.setPosition(this._el, this._map.latLngToLayerPoint(latlng));
      },
      getElement: function () { return this._el; }
    });
    return new Label();
  }

  function addBasemap(L, map, el) {
    if (!el.dataset.basemap) return;
    var config = JSON.parse(el.dataset.basemap);
    config.layers.forEach(function (layer, i) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains || "abc",
        maxZoom: 18,
        // safe-sink: Leaflet shows the attribution as HTML only; the configured text is escaped
        attribution: i === 0 ? escapeHtml(config.attribution + " · " + config.approval) : ""
      }).addTo(map);
    });
    var credit = el.parentNode.querySelector(".dj-map-credit");
    if (credit) credit.hidden = false;
  }

  /* The lake, the towns and (except on a route's own map) the routes, under everything else:
   * what the map shows instead of tiles. Nothing here is interactive. A town placed only
   * approximately is its name alone (with （约）), and the note saying so joins the map's
   * attribution. */
  function addSchematic(L, map, schematic, mode) {
    if (!schematic) return null;
    var pane = map.createPane("djNames");
    pane.style.zIndex = 450; // over the lake and lines (400), under markers (600)
    pane.style.pointerEvents = "none";
    var group = L.layerGroup();
    var town = null;
    var names = [];
    var notes = [];
    schematic.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      if (p.role === "lake") {
        L.geoJSON(f, { interactive: false, style: { color: "#8fb3d1", weight: 1, fillColor: "#cfe0ee", fillOpacity: 1 } }).addTo(group);
      } else if (p.role === "lake-label") {
        names.push(nameLabel(L, L.latLng(c[1], c[0]), p.name, "dj-live-water").addTo(group));
      } else if (p.role === "town" && p.approximate) {
        names.push(nameLabel(L, L.latLng(c[1], c[0]), p.name, "dj-live-area", townSpots).addTo(group));
        if (p.note && notes.indexOf(p.note) < 0) notes.push(p.note);
      } else if (p.role === "town") {
        town = town || L.latLng(c[1], c[0]);
        L.circleMarker([c[1], c[0]], { radius: 6, color: "#212121", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(group);
        names.push(nameLabel(L, L.latLng(c[1], c[0]), p.name, "dj-live-town", townSpots).addTo(group));
      } else if (p.role === "route-context" && mode !== "route") {
        L.geoJSON(f, { interactive: false, style: { color: "#b71c1c", weight: 3, opacity: 0.45, dashArray: "6 6" } }).addTo(group);
      }
    });
    group.addTo(map);
    // safe-sink: Leaflet shows the attribution as HTML only; the note is escaped
    if (notes.length) map.attributionControl.addAttribution(escapeHtml("示意图，" + notes.join("；")));
    return { group: group, town: town, names: names };
  }

  /* Cooperative gestures on a touch screen: one finger scrolls the page (the container's
   * touch-action is pan-y while dragging is off) and shows how to move the map; two fingers
   * pan and zoom it (Leaflet's pinch handler); a tap on the map lets one finger drag it until
   * the next touch outside it. A mouse drags as usual. */
  function cooperative(L, map, el) {
    if (!L.Browser.touch) return;
    var hint = textElement("p", "用两指移动地图，或轻点地图后单指拖动");
    hint.className = "dj-map-hint";
    hint.setAttribute("aria-hidden", "true");
    el.appendChild(hint);
    var hideTimer = 0;
    var unlocked = false;
    map.dragging.disable();

    function showHint(on) {
      window.clearTimeout(hideTimer);
      hint.classList.toggle("dj-map-hint--on", on);
    }
    function lock() {
      unlocked = false;
      el.classList.remove("dj-map-live--unlocked");
      map.dragging.disable();
    }
    el.addEventListener("pointerover", function (e) {
      if (e.pointerType === "mouse" && !map.dragging.enabled()) map.dragging.enable();
    });
    el.addEventListener("touchmove", function (e) {
      if (!unlocked) showHint(e.touches.length === 1);
    }, { passive: true });
    el.addEventListener("touchend", function () {
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(function () { showHint(false); }, 1500);
    }, { passive: true });
    map.on("click", function () {
      unlocked = true;
      el.classList.add("dj-map-live--unlocked");
      map.dragging.enable();
      showHint(false);
    });
    document.addEventListener("touchstart", function (e) {
      if (unlocked && !el.contains(e.target)) lock();
    }, { passive: true });
    return lock;
  }

  function rectsOverlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function inside(a, frame) {
    return a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;
  }

  /* Hide the labels that would overlap an earlier one, a marker other than their own, or
   * leave the map's frame; the most important come first (the focus, then the stops in their
   * order), the names of the schematic layer last, each name at the first of its places that
   * is free (nor on a site's or school's dot). Run after every zoom and move. */
  function declutter(el, labelled, names, dots) {
    var frame = el.getBoundingClientRect();
    var markers = labelled.map(function (item) {
      var icon = item.layer.getElement ? item.layer.getElement() : null;
      return icon ? icon.getBoundingClientRect() : null;
    });
    var nodes = labelled.map(function (item, i) {
      var tip = item.layer.getTooltip();
      return { node: tip && tip.getElement(), own: i, spots: null };
    }).concat(names.map(function (name) {
      return { node: name.getElement(), own: -1, spots: name.spots };
    }));
    var points = dots.map(function (dot) {
      var shape = dot.getElement ? dot.getElement() : null;
      return shape ? shape.getBoundingClientRect() : null;
    }).filter(Boolean);
    var kept = [];
    nodes.forEach(function (item) {
      if (!item.node) return;
      item.node.classList.remove("dj-live-label--hidden");
      var spots = item.spots ? item.spots(item.node) : [null];
      var free = spots.some(function (spot) {
        if (spot) item.node.style.translate = spot[0] + "px " + spot[1] + "px";
        var box = item.node.getBoundingClientRect();
        var clash = !inside(box, frame) || kept.some(function (k) { return rectsOverlap(box, k); }) ||
          markers.some(function (m, j) { return m && j !== item.own && rectsOverlap(box, m); }) ||
          (item.own < 0 && points.some(function (d) { return rectsOverlap(box, d); }));
        if (!clash) kept.push(box);
        return !clash;
      });
      if (!free) {
        if (spots[0]) item.node.style.translate = spots[0][0] + "px " + spots[0][1] + "px";
        item.node.classList.add("dj-live-label--hidden");
      }
    });
  }

  function draw(L, el, data, schematic) {
    var mode = el.dataset.mode;
    var focus = el.dataset.focus;
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false, attributionControl: true });
    L.control.zoom({ zoomInTitle: "放大", zoomOutTitle: "缩小" }).addTo(map);
    map.attributionControl.setPrefix(false); // safe-sink: no prefix (Leaflet takes it as HTML)
    addBasemap(L, map, el);
    var drawn = addSchematic(L, map, el.dataset.basemap ? null : schematic, mode);
    var rank = { brand: 0, school: 1, site: 2 };
    data.features.sort(function (a, b) { // brands under schools under sites; lines and stops keep their order
      return (rank[a.properties.kind] || 3) - (rank[b.properties.kind] || 3);
    });
    var labelled = [];
    var dots = []; // the sites', schools' and stops' points, which no name may cover
    var layer = L.geoJSON(data, {
      filter: function (f) {
        return mode !== "place" || f.properties.kind === "site" || f.properties.kind === "school" ||
          f.properties.id === focus;
      },
      style: function (f) {
        return f.geometry.type === "Point" ? {} : { color: "#b71c1c", weight: 5, opacity: 0.9 };
      },
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        if (p.role === "stop") return L.marker(latlng, { icon: numberedIcon(L, p.number), title: p.name, alt: p.name, zIndexOffset: -p.number });
        if (p.id && p.id === focus) return L.marker(latlng, { icon: L.divIcon({ className: "dj-live-focus", iconSize: [26, 26] }), title: p.name, alt: p.name, zIndexOffset: 1000 });
        var colour = p.kind === "school" ? "#0d47a1" : p.kind === "site" ? "#b71c1c" : "#6b6b6b";
        return L.circleMarker(latlng, { radius: p.kind === "brand" ? 4 : 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.95 });
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        if (f.geometry.type !== "Point" || !p.path) return;
        if (p.kind !== "brand") dots.push(l);
        l.bindPopup(popup(el, p)); // safe-sink: popup() makes an <a> element whose text is set
        var permanent = p.role === "stop" || (p.id && p.id === focus);
        if (permanent || p.kind !== "brand") {
          var label = textElement("span", p.name);
          l.bindTooltip(label, { permanent: permanent, direction: "right", offset: [14, 0], className: "dj-live-label" }); // safe-sink: an element whose text is the name
        }
        if (permanent) labelled.push({ layer: l, order: p.id === focus ? 0 : p.number || 0 });
      }
    }).addTo(map);
    labelled.sort(function (a, b) { return a.order - b.order; });
    var bounds = layer.getBounds();
    if (mode === "place") {
      var target = null;
      layer.eachLayer(function (l) { if (l.feature && l.feature.properties.id === focus) target = l.getLatLng(); });
      var town = drawn && drawn.town;
      // the place in the middle (its label to the right of it), the city in view for orientation
      var mirror = town && target ? L.latLng(2 * target.lat - town.lat, 2 * target.lng - town.lng) : null;
      if (mirror) map.fitBounds(L.latLngBounds([town, mirror]), { padding: [30, 30], maxZoom: 13 });
      else if (target) map.setView(target, 12);
      else map.fitBounds(bounds, { padding: [24, 24] });
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }
    L.control.scale({ imperial: false }).addTo(map);
    var names = drawn ? drawn.names : [];
    var tidy = function () { declutter(el, labelled, names, dots); };
    map.on("zoomend moveend resize", tidy);
    tidy();
    var lock = cooperative(L, map, el);
    maps.push(map);
    return { map: map, lock: lock };
  }

  function open(el, button) {
    var shown = el.hidden;
    el.hidden = !shown;
    button.textContent = shown ? "收起交互地图" : "打开交互地图";
    button.setAttribute("aria-expanded", String(shown));
    if (!shown) {
      if (el.djLive && el.djLive.lock) el.djLive.lock();
      return;
    }
    if (el.djLive) { el.djLive.map.invalidateSize(); return; }
    if (el.dataset.state) return;
    el.dataset.state = "loading";
    var schematic = el.dataset.schematic && !el.dataset.basemap
      ? getJson(el.dataset.schematic).catch(function () { return null; })
      : Promise.resolve(null);
    Promise.all([loadLeaflet(el.dataset.leaflet), getJson(el.dataset.geojson), schematic]).then(function (results) {
      el.djLive = draw(results[0], el, results[1], results[2]);
      el.dataset.state = "ready";
    }).catch(function () {
      el.dataset.state = "failed"; // the static map stays; nothing else to do
      el.hidden = true;
      button.hidden = true;
    });
  }

  function setup() {
    maps.forEach(function (m) { m.remove(); });
    maps = [];
    document.querySelectorAll(".dj-map-live").forEach(function (el) {
      var button = el.parentNode.querySelector(".dj-map-open");
      if (!button || button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () { open(el, button); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
