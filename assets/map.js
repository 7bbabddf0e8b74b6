// Maps of actors, drawn with Leaflet.
//
// A small map (templates/partials/map.html: an actor, a commune) has one marker per
// `li[data-lat][data-lon]` of the `.map-list` of the same `.map-block`: the list stays on the
// page as the map's text equivalent, and all there is when JavaScript or Leaflet is missing.
// The directory's map (templates/partials/points_map.html, `data-points`: /carte/, and an area's
// page with `data-zones` and `data-commune`) reads its points from /carte/points/
// (ess_site/compute/map_points.py): an index of zones (départements), then the points of the
// zones it shows in detail. It draws them in clusters (supercluster), coloured by sector, with a
// legend that filters by sector and statut, and, where actors say so, by their welcome (public,
// mode d'accueil, frais, thématique d'inclusion, bénévoles: the index's "accueil"), and beside it
// the actors in view, by pages. Without
// JavaScript that page links to the lists. Without network the tiles fail to load: the markers
// still show, and a short note says so.
//
// Plain script, loaded with `defer` after leaflet.js. No inline styles or HTML built from data
// (the site's Content-Security-Policy forbids the former; the latter would let content inject markup).

(function () {
  "use strict";

  if (typeof window.L === "undefined" || !window.L.map) return; // Leaflet did not load: keep the list

  var L = window.L;
  L.Icon.Default.imagePath = "/assets/vendor/leaflet/images/";

  var MAX_ZOOM = 15; // for a single marker, or markers all at the same place
  // Markers at the same position (actors placed at their commune's centre) are fanned out in a
  // ring, in pixels, so that each stays visible and clickable at every zoom level.
  var RING_STEP = 9; // ring radius grows with the number of markers sharing the position
  var ICON = { anchor: [12, 41], popup: [1, -34], tooltip: [16, -28] }; // L.Icon.Default's
  var LOAD_LIMIT = 12000; // points loaded at most for one view, unless zoomed in to DETAIL_ZOOM (the index's charge_max)
  var DETAIL_ZOOM = 9; // from here the zones in view are loaded whatever their size
  var CLUSTER_MAX_ZOOM = 14; // beyond it every point is drawn, those sharing a place fanned out
  var PIN = 18; // a point's marker, in pixels
  var ZONE_RADIUS = 60; // département bubbles nearer than this, in pixels, are drawn as one
  var PAGE_SIZE = 20; // actors per page of the list beside the map
  var collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  var numbers = new Intl.NumberFormat("fr-FR");

  function plural(count, one, many) {
    return numbers.format(count) + "\u00a0" + (count > 1 ? many : one);
  }

  function safeUrl(url) {
    // Only site paths and web addresses become links.
    return /^(\/(?!\/)|https?:\/\/)/i.test(url || "") ? url : null;
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  // Leaflet's attribution control takes HTML: build it from escaped text.
  function attributionHtml(text, tiles) {
    var escaped = escapeHtml(text || "");
    if (/openstreetmap\.org/i.test(tiles || "")) {
      return '<a href="https://www.openstreetmap.org/copyright">' + escaped + "</a>";
    }
    return escaped;
  }

  function popupContent(item) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("p");
    title.className = "map-popup-title";
    var url = safeUrl(item.dataset.url);
    var name = item.dataset.name || "";
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = name;
      title.appendChild(link);
    } else {
      title.textContent = name;
    }
    box.appendChild(title);
    var details = [];
    if (item.dataset.place) details.push(item.dataset.place);
    if (item.dataset.exact === "non") details.push("position approximative (centre de la commune)");
    if (details.length) {
      var note = document.createElement("p");
      note.className = "map-popup-note";
      note.textContent = details.join(", ");
      box.appendChild(note);
    }
    return box;
  }

  function iconFor(index, count) {
    if (count < 2) return new L.Icon.Default();
    var radius = 8 + RING_STEP * Math.min(count, 8) / 2;
    var angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
    var dx = Math.round(radius * Math.cos(angle));
    var dy = Math.round(radius * Math.sin(angle));
    var anchor = [ICON.anchor[0] - dx, ICON.anchor[1] - dy];
    return new L.Icon.Default({
      iconAnchor: anchor,
      shadowAnchor: anchor,
      popupAnchor: [ICON.popup[0] + dx, ICON.popup[1] + dy],
      tooltipAnchor: [ICON.tooltip[0] + dx, ICON.tooltip[1] + dy],
    });
  }

  function listFor(container) {
    var block = container.closest(".map-block");
    if (block) return block.querySelector(".map-list");
    var next = container.nextElementSibling;
    while (next && !next.classList.contains("map-list")) next = next.nextElementSibling;
    return next;
  }

  function readPlaces(list) {
    var places = [];
    if (!list) return places;
    var items = list.querySelectorAll("li[data-lat][data-lon]");
    for (var i = 0; i < items.length; i++) {
      var lat = parseFloat(items[i].dataset.lat);
      var lon = parseFloat(items[i].dataset.lon);
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        places.push({ item: items[i], latlng: L.latLng(lat, lon) });
      }
    }
    return places;
  }

  // Keyboard: Enter or Space on a marker opens its popup and moves focus to its link (otherwise
  // it would come after every other marker); Escape or × closes it and brings focus back.
  function bindKeyboard(marker) {
    var cameFromKeyboard = false;
    function onKeyDown(event) {
      if (event.key === "Enter" || event.key === " ") {
        cameFromKeyboard = true;
        if (event.key === " ") {
          event.preventDefault(); // no page scroll; Leaflet itself only handles Enter
          marker.openPopup();
        }
      }
    }
    // The icon exists once the marker is on a map whose view is set (Leaflet defers it until then).
    marker.on("add", function () {
      var icon = marker.getElement();
      if (icon) icon.addEventListener("keydown", onKeyDown);
    });
    marker.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      if (popup && !popup.dataset.ready) {
        popup.dataset.ready = "1";
        var close = popup.querySelector(".leaflet-popup-close-button");
        if (close) close.setAttribute("aria-label", "Fermer");
        popup.addEventListener("keydown", function (keyEvent) {
          if (keyEvent.key === "Escape") {
            keyEvent.preventDefault();
            marker.closePopup();
          }
        });
      }
      if (cameFromKeyboard && popup) {
        var link = popup.querySelector(".map-popup a");
        if (link) link.focus({ preventScroll: true });
      }
      cameFromKeyboard = false;
    });
    marker.on("popupclose", function () {
      var active = document.activeElement;
      var own = marker.getElement();
      var lost = !active || active === document.body || !active.isConnected;
      if (own && (lost || (active.closest && active.closest(".leaflet-popup")))) {
        own.focus({ preventScroll: true });
      }
    });
  }

  function showTileNote(container) {
    if (container._tileNote) return;
    var note = document.createElement("p");
    note.className = "map-status note";
    note.textContent = "Le fond de carte n'a pas pu être chargé. Les acteurs restent placés sur la carte et dans la liste.";
    container.parentNode.insertBefore(note, container.nextSibling);
    container._tileNote = note;
  }

  function hideTileNote(container) {
    if (!container._tileNote) return;
    container._tileNote.remove();
    container._tileNote = null;
  }

  // Popups open clear of the zoom buttons (top left) on any screen: the map pans so that a popup
  // starts right of and below them, and a popup is never wider than the room left.
  function popupOptions(map) {
    var clear = L.point(16, 16);
    var control = map.getContainer().querySelector(".leaflet-control-zoom");
    if (control) {
      var box = map.getContainer().getBoundingClientRect();
      var rect = control.getBoundingClientRect();
      clear = L.point(Math.ceil(rect.right - box.left) + 8, Math.ceil(rect.bottom - box.top) + 8);
    }
    var room = map.getSize().x - clear.x - 16 - 48; // 48: the popup's own margins and close button
    return { maxWidth: Math.max(140, Math.min(280, room)), minWidth: Math.min(140, room),
             autoPanPaddingTopLeft: clear, autoPanPaddingBottomRight: L.point(16, 16) };
  }

  function showMap(container) {
    // The stylesheet shows the map container only once a map is drawn (an empty box otherwise).
    var block = container.closest(".map-block");
    if (block) block.classList.add("has-map");
    container.classList.add("map-ready");
  }

  function createMap(container) {
    if (container._leaflet_id) return; // already a map
    if (container.dataset.points) return createPointsMap(container);
    var places = readPlaces(listFor(container));
    if (!places.length) return; // nothing to place: the list (or note) says it all
    showMap(container);
    var map = baseMap(container);

    // Group the places by position, to fan out the markers that share one.
    var counts = {};
    places.forEach(function (place) {
      var key = place.latlng.lat + "," + place.latlng.lng;
      place.rank = counts[key] || 0;
      counts[key] = place.rank + 1;
      place.key = key;
    });

    var markers = places.map(function (place) {
      var name = place.item.dataset.name || "";
      var marker = L.marker(place.latlng, {
        title: name,
        alt: name,
        icon: iconFor(place.rank, counts[place.key]),
        riseOnHover: true,
      });
      marker.bindPopup(popupContent(place.item), popupOptions(map));
      bindKeyboard(marker);
      return marker.addTo(map);
    });

    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [40, 40], maxZoom: MAX_ZOOM });
  }

  function baseMap(container) {
    var map = L.map(container, {
      scrollWheelZoom: false, // turned on once the map has focus: the page scrolls freely past it
      zoomSnap: 0.5, // a closer fit of the markers
      zoomControl: false,
      attributionControl: false,
    });
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    L.control
      .attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' })
      .addTo(map);

    var tiles = container.dataset.tiles;
    if (tiles) {
      var loaded = 0;
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: attributionHtml(container.dataset.attribution, tiles),
      })
        .on("tileload", function () {
          loaded += 1;
          hideTileNote(container);
        })
        .on("tileerror", function () {
          if (!loaded) showTileNote(container);
        })
        .addTo(map);
    }

    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    return map;
  }

  // ---------- The directory's map: points from /carte/points/ ----------

  function intersects(limits, bounds) {
    // limits: [south, west, north, east] of a zone
    return !(limits[0] > bounds.getNorth() || limits[2] < bounds.getSouth() ||
             limits[1] > bounds.getEast() || limits[3] < bounds.getWest());
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pinIcon(key, index, count) {
    // A coloured dot; points sharing a place are fanned out around it, as on the small maps.
    var dx = 0;
    var dy = 0;
    if (count > 1) {
      var radius = 6 + RING_STEP * Math.min(count, 8) / 2;
      var angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
      dx = Math.round(radius * Math.cos(angle));
      dy = Math.round(radius * Math.sin(angle));
    }
    return L.divIcon({ className: "map-pin map-s-" + key, iconSize: [PIN, PIN],
                       iconAnchor: [PIN / 2 - dx, PIN / 2 - dy], popupAnchor: [dx, dy - PIN / 2] });
  }

  function clusterIcon(count, className) {
    var size = count < 100 ? 34 : count < 1000 ? 42 : 50;
    return L.divIcon({ className: "map-cluster " + (className || ""), iconSize: [size, size], html: numbers.format(count) });
  }

  var legends = 0; // ids of the legends' notes, unique on the page

  function checkbox(value, onChange) {
    var box = element("input");
    box.type = "checkbox";
    box.value = String(value);
    box.addEventListener("change", onChange);
    return box;
  }

  function Legend(index, counts, onChange) {
    // A form of checkboxes, one per sector (with its colour) and per statut present on the map,
    // all ticked: unticking one hides its actors. Then, where actors say so, their welcome: none
    // ticked; ticking values keeps the actors that give one of them (in each group ticked).
    var form = element("details", "map-legend");
    form.open = !window.matchMedia || window.matchMedia("(min-width: 56rem)").matches;
    form.appendChild(element("summary", "", "Légende et filtres"));
    var boxes = { secteurs: [], statuts: [] };

    function fieldset(name) {
      var node = element("fieldset");
      node.appendChild(element("legend", "", name));
      return node;
    }

    function entry(box, name, total, swatch) {
      var label = element("label");
      label.appendChild(box);
      if (swatch) label.appendChild(element("span", "map-swatch map-s-" + swatch));
      label.appendChild(document.createTextNode(" " + name + " "));
      label.appendChild(element("span", "map-legend-count", "(" + numbers.format(total) + ")"));
      return label;
    }

    [["Secteur d'activité", "secteurs", 0], ["Statut", "statuts", 1]].forEach(function (group) {
      var node = fieldset(group[0]);
      index[group[1]].forEach(function (value, position) {
        var total = counts[group[2]][position] || 0;
        if (!total) return;
        var box = checkbox(position, onChange);
        box.checked = true;
        boxes[group[1]].push(box);
        node.appendChild(entry(box, value.nom, total, group[1] === "secteurs" ? value.cle : null));
      });
      form.appendChild(node);
    });

    var welcome = []; // per group of the index's "accueil": its boxes
    var number = 0; // a value's number in the points, counted across the groups
    var shown = [];
    (index.accueil || []).forEach(function (group) {
      var node = fieldset(group.nom);
      var own = [];
      group.valeurs.forEach(function (name) {
        var total = counts[2][number] || 0;
        if (total) {
          var box = checkbox(number, onChange);
          own.push(box);
          node.appendChild(entry(box, name, total, null));
        }
        number += 1;
      });
      if (own.length) {
        welcome.push(own);
        shown.push(node);
      }
    });
    if (shown.length) {
      // Counts cover every actor of the map, its départements loaded or not (the index carries them).
      var note = element("p", "map-legend-note", "Accueil, selon les fiches qui le précisent : cochez pour ne garder que les " +
                         "acteurs concernés. Ces filtres et leurs nombres portent sur tous les acteurs de la carte, " +
                         "y compris ceux des départements pas encore affichés un par un.");
      legends += 1;
      note.id = "map-legend-note-" + legends;
      form.appendChild(note);
      shown.forEach(function (node) {
        node.setAttribute("aria-describedby", note.id);
        form.appendChild(node);
      });
    }
    this.element = form;

    function ticked(list) {
      var set = {};
      list.forEach(function (box) { if (box.checked) set[box.value] = true; });
      return set;
    }

    // The filters as now ticked: a function of a point's sector, statut and welcome values (or
    // null), and a key that changes with them.
    this.filter = function () {
      var sectors = ticked(boxes.secteurs);
      var statuts = ticked(boxes.statuts);
      var groups = welcome.map(ticked).filter(function (set) { return Object.keys(set).length; });
      var keeps = function (sector, statut, values) {
        if (!sectors[sector] || !statuts[statut]) return false;
        return groups.every(function (set) {
          return (values || []).some(function (value) { return set[value]; });
        });
      };
      keeps.key = [sectors, statuts].concat(groups).map(function (set) { return Object.keys(set).join(","); }).join("|");
      return keeps;
    };
  }

  // A zone counts its points by "sector,statut" and, for an actor that gives welcome values,
  // ",3.7" (values 3 and 7): enough to count what any filters keep without loading the zone.
  function countKey(point) {
    return point.s + "," + point.t + (point.w ? "," + point.w.join(".") : "");
  }

  function splitKey(key) {
    var parts = key.split(",");
    return { s: parts[0], t: parts[1], w: parts[2] ? parts[2].split(".") : null };
  }

  function createPointsMap(container) {
    var block = container.closest(".map-block");
    var side = block.querySelector(".map-side");
    var countLine = side.querySelector(".map-count");
    var list = side.querySelector(".map-list");
    var pager = side.querySelector(".map-pages");
    countLine.textContent = "Chargement des acteurs de la carte…";

    fetch(container.dataset.points)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + container.dataset.points);
        return response.json();
      })
      .then(function (index) { return forArea(container, index); })
      .then(function (index) { drawPoints(container, index, countLine, list, pager); })
      .catch(function (error) {
        countLine.textContent = "Les acteurs de la carte n'ont pas pu être chargés : les listes ci-dessous restent disponibles.";
        if (window.console) window.console.warn("Carte non affichée :", error);
      });
  }

  function pointsOf(data) {
    return data.points.map(function (p) {
      return { lat: p[0], lon: p[1], s: p[2], t: p[3], exact: p[4], name: p[5], slug: p[6], commune: data.communes[p[7]], w: p[8] || null };
    });
  }

  function summary(zone, points) {
    // A zone's index entry, made again from the points an area keeps (a commune of the zone).
    var comptes = {};
    points.forEach(function (p) { comptes[countKey(p)] = (comptes[countKey(p)] || 0) + 1; });
    var lats = points.map(function (p) { return p.lat; });
    var lons = points.map(function (p) { return p.lon; });
    return { code: zone.code, nom: zone.nom, url: zone.url, fichier: zone.fichier, nombre: points.length, comptes: comptes,
             limites: [Math.min.apply(null, lats), Math.min.apply(null, lons), Math.max.apply(null, lats), Math.max.apply(null, lons)],
             centre: [lats[0], lons[0]], points: points };
  }

  // An area's map (a commune, a département, a région: data-zones, data-commune) keeps the zones
  // listed; a commune's map reads its zone at once and keeps the commune's points.
  function forArea(container, index) {
    var codes = container.dataset.zones ? container.dataset.zones.split(",") : null;
    if (!codes) return index;
    index.zones = index.zones.filter(function (zone) { return codes.indexOf(zone.code) >= 0; });
    var commune = container.dataset.commune;
    if (!commune) return index;
    return Promise.all(index.zones.map(function (zone) {
      return fetch(zone.fichier)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + zone.fichier);
          return response.json();
        })
        .then(function (data) {
          var points = pointsOf(data).filter(function (p) { return p.commune === commune; });
          return points.length ? summary(zone, points) : null;
        });
    })).then(function (zones) {
      index.zones = zones.filter(Boolean);
      return index;
    });
  }

  function drawPoints(container, index, countLine, list, pager) {
    if (!index.zones.length) {
      countLine.textContent = "Aucun acteur n'a de position connue.";
      return;
    }
    showMap(container);
    var map = baseMap(container);
    var layer = L.layerGroup().addTo(map);
    var zones = index.zones;
    var loaded = {}; // zone code -> its points, as objects
    zones.forEach(function (zone) { if (zone.points) loaded[zone.code] = zone.points; });
    var loadLimit = index.charge_max || LOAD_LIMIT;
    var loading = {};
    var cluster = null;
    var clusterKey = "";
    var items = []; // the loaded points the filters keep, indexed by the cluster's features
    var page = 0;
    var visible = []; // what the list shows, by pages: points, or départements not loaded yet
    var row = null; // makes one entry of the list
    var open = null; // the marker whose popup is open: kept through redraws (the popup's own pan redraws)

    var totals = [[], [], []]; // by sector, statut, welcome value
    zones.forEach(function (zone) {
      Object.keys(zone.comptes).forEach(function (key) {
        var parts = splitKey(key);
        var count = zone.comptes[key];
        totals[0][parts.s] = (totals[0][parts.s] || 0) + count;
        totals[1][parts.t] = (totals[1][parts.t] || 0) + count;
        (parts.w || []).forEach(function (value) { totals[2][value] = (totals[2][value] || 0) + count; });
      });
    });
    var legend = new Legend(index, totals, function () { map.closePopup(); cluster = null; page = 0; draw(); });
    // In the place the page keeps for it, so the map does not move down when it comes.
    var slot = container.parentNode.querySelector(".map-legend-slot");
    if (slot) slot.replaceWith(legend.element); else container.parentNode.insertBefore(legend.element, container);

    function kept(zone) {
      var keeps = legend.filter();
      var count = 0;
      Object.keys(zone.comptes).forEach(function (key) {
        var parts = splitKey(key);
        if (keeps(parts.s, parts.t, parts.w)) count += zone.comptes[key];
      });
      return count;
    }

    function load(zone) {
      if (loaded[zone.code] || loading[zone.code]) return;
      loading[zone.code] = true;
      fetch(zone.fichier)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + zone.fichier);
          return response.json();
        })
        .then(function (data) {
          loaded[zone.code] = pointsOf(data);
          cluster = null;
          draw();
        })
        .catch(function (error) {
          if (window.console) window.console.warn("Points non chargés :", error);
        })
        .then(function () { loading[zone.code] = false; });
    }

    function clusterOfLoaded() {
      var keeps = legend.filter();
      var key = Object.keys(loaded).sort().join(",") + "|" + keeps.key;
      if (cluster && key === clusterKey) return cluster;
      items = [];
      Object.keys(loaded).forEach(function (code) {
        loaded[code].forEach(function (point) {
          if (keeps(point.s, point.t, point.w)) items.push(point);
        });
      });
      // extent 256: Leaflet's tiles, so that the radius is in the map's pixels.
      cluster = new window.Supercluster({ radius: 45, extent: 256, maxZoom: CLUSTER_MAX_ZOOM }).load(items.map(function (point, i) {
        return { type: "Feature", properties: { i: i }, geometry: { type: "Point", coordinates: [point.lon, point.lat] } };
      }));
      clusterKey = key;
      return cluster;
    }

    function pointMarker(point, rank, count) {
      var sector = index.secteurs[point.s];
      var marker = L.marker([point.lat, point.lon], { title: point.name, icon: pinIcon(sector.cle, rank, count), riseOnHover: true });
      var place = point.commune + " · " + sector.nom + " · " + index.statuts[point.t].nom;
      marker.bindPopup(popupContent({ dataset: { url: index.acteurs + point.slug + "/", name: point.name, place: place,
                                                  exact: point.exact ? "oui" : "non" } }), popupOptions(map));
      bindKeyboard(marker);
      marker.point = point;
      marker.on("popupopen", function () { open = marker; });
      marker.on("popupclose", function () { if (open === marker) open = null; });
      return marker;
    }

    function clusterMarker(feature) {
      var count = feature.properties.point_count;
      var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      var marker = L.marker(latlng, { title: plural(count, "acteur", "acteurs") + " : zoomer ici", icon: clusterIcon(count) });
      marker.on("click", function () {
        var zoom = Math.min(cluster.getClusterExpansionZoom(feature.properties.cluster_id), CLUSTER_MAX_ZOOM + 1);
        map.setView(latlng, Math.max(zoom, map.getZoom() + 1));
      });
      return marker;
    }

    function zoneMarker(zone, count) {
      var marker = L.marker(zone.centre, { title: zone.nom + " : " + plural(count, "acteur", "acteurs") + ", zoomer ici",
                                           icon: clusterIcon(count, "map-zone") });
      marker.on("click", function () {
        map.fitBounds([[zone.limites[0], zone.limites[1]], [zone.limites[2], zone.limites[3]]], { padding: [20, 20] });
      });
      return marker;
    }

    // Départements not loaded yet, as bubbles: those too near each other to be read apart are
    // drawn as one bubble, their counts summed (supercluster's map/reduce); a click zooms in on
    // the départements it holds.
    function zoneBubbles(waiting, bounds, zoom) {
      var index = new window.Supercluster({ radius: ZONE_RADIUS, extent: 256, maxZoom: DETAIL_ZOOM,
                                            map: function (props) { return { n: props.n }; },
                                            reduce: function (sum, props) { sum.n += props.n; } });
      index.load(waiting.map(function (zone, i) {
        return { type: "Feature", properties: { i: i, n: kept(zone) }, geometry: { type: "Point", coordinates: [zone.centre[1], zone.centre[0]] } };
      }));
      return index.getClusters([-180, -85, 180, 85], zoom).map(function (feature) {
        if (!feature.properties.cluster) return zoneMarker(waiting[feature.properties.i], feature.properties.n);
        var held = index.getLeaves(feature.properties.cluster_id, Infinity).map(function (leaf) { return waiting[leaf.properties.i]; });
        var count = feature.properties.n;
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var marker = L.marker(latlng, { title: plural(held.length, "département", "départements") + ", " + plural(count, "acteur", "acteurs") + " : zoomer ici",
                                        icon: clusterIcon(count, "map-zone") });
        marker.on("click", function () {
          var south = Math.min.apply(null, held.map(function (z) { return z.limites[0]; }));
          var west = Math.min.apply(null, held.map(function (z) { return z.limites[1]; }));
          var north = Math.max.apply(null, held.map(function (z) { return z.limites[2]; }));
          var east = Math.max.apply(null, held.map(function (z) { return z.limites[3]; }));
          var target = map.getBoundsZoom([[south, west], [north, east]], false, L.point(20, 20));
          if (target > map.getZoom()) map.fitBounds([[south, west], [north, east]], { padding: [20, 20] });
          else map.setView(latlng, map.getZoom() + 1);
        });
        return marker;
      });
    }

    function draw() {
      var bounds = map.getBounds();
      var zoom = Math.floor(map.getZoom()); // supercluster's zoom levels are whole: never denser than the view
      var inView = zones.filter(function (zone) { return intersects(zone.limites, bounds); });
      var total = inView.reduce(function (sum, zone) { return sum + kept(zone); }, 0);
      var detail = total <= loadLimit || zoom >= DETAIL_ZOOM;
      var waiting = inView.filter(function (zone) { return !loaded[zone.code] && kept(zone); });
      if (detail) waiting.forEach(load);

      layer.eachLayer(function (marker) { if (marker !== open) layer.removeLayer(marker); });
      var drawnSingles = [];
      if (Object.keys(loaded).length) {
        var found = clusterOfLoaded().getClusters([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], zoom);
        found.forEach(function (feature) {
          if (feature.properties.cluster) layer.addLayer(clusterMarker(feature));
          else drawnSingles.push(items[feature.properties.i]);
        });
      }
      var shared = {};
      drawnSingles.forEach(function (point) {
        var key = point.lat + "," + point.lon;
        (shared[key] = shared[key] || []).push(point);
      });
      Object.keys(shared).forEach(function (key) {
        shared[key].forEach(function (point, rank) {
          if (!open || open.point !== point) layer.addLayer(pointMarker(point, rank, shared[key].length));
        });
      });
      if (waiting.length) zoneBubbles(waiting, bounds, zoom).forEach(function (marker) { layer.addLayer(marker); });
      showList(inView, waiting, bounds, total);
    }

    function showList(inView, waiting, bounds, total) {
      list.replaceChildren();
      if (waiting.length) {
        // Too many to list here: each zone's own list, with its count.
        countLine.textContent = plural(total, "acteur", "acteurs") + " dans la vue : zoomez pour les voir un par un, ou ouvrez la liste d'un département.";
        visible = inView.filter(function (zone) { return kept(zone); });
        visible.sort(function (a, b) { return collator.compare(a.nom, b.nom); });
        row = zoneRow;
        showPage();
        return;
      }
      visible = items.filter(function (point) { return bounds.contains([point.lat, point.lon]); });
      visible.sort(function (a, b) { return collator.compare(a.name, b.name); });
      row = pointRow;
      countLine.textContent = visible.length
        ? plural(visible.length, "acteur", "acteurs") + " dans la vue de la carte, de A à Z."
        : "Aucun acteur dans la vue : dézoomez, déplacez la carte ou cochez d'autres filtres.";
      showPage();
    }

    function zoneRow(zone) {
      var item = element("li");
      var link = element("a", "", zone.nom);
      link.href = safeUrl(zone.url) || "#";
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + plural(kept(zone), "acteur", "acteurs") + ")"));
      return item;
    }

    function pointRow(point) {
      var sector = index.secteurs[point.s];
      var item = element("li");
      item.dataset.lat = point.lat;
      item.dataset.lon = point.lon;
      var link = element("a", "", point.name);
      link.href = index.acteurs + point.slug + "/";
      item.appendChild(link);
      var note = element("span", "note");
      note.appendChild(element("span", "map-swatch map-s-" + sector.cle));
      note.appendChild(document.createTextNode(" " + sector.nom + " · " + point.commune));
      item.appendChild(note);
      return item;
    }

    function showPage() {
      var pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
      page = Math.min(page, pages - 1);
      list.replaceChildren();
      visible.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).forEach(function (entry) { list.appendChild(row(entry)); });
      pager.hidden = pages < 2;
      pager.querySelector(".map-page-number").textContent = "Page " + (page + 1) + " sur " + pages;
      pager.querySelector(".map-page-prev").disabled = page === 0;
      pager.querySelector(".map-page-next").disabled = page >= pages - 1;
    }

    pager.querySelector(".map-page-prev").addEventListener("click", function () { page -= 1; showPage(); });
    pager.querySelector(".map-page-next").addEventListener("click", function () { page += 1; showPage(); });

    var south = Math.min.apply(null, zones.map(function (z) { return z.limites[0]; }));
    var west = Math.min.apply(null, zones.map(function (z) { return z.limites[1]; }));
    var north = Math.max.apply(null, zones.map(function (z) { return z.limites[2]; }));
    var east = Math.max.apply(null, zones.map(function (z) { return z.limites[3]; }));
    map.on("moveend", function () { page = 0; draw(); });
    map.fitBounds([[south, west], [north, east]], { padding: [30, 30], maxZoom: MAX_ZOOM });
  }

  var containers = document.querySelectorAll("[data-map]");
  for (var i = 0; i < containers.length; i++) {
    try {
      createMap(containers[i]);
    } catch (error) {
      // A broken map must not break the page: hide it, the list remains.
      containers[i].classList.remove("map-ready");
      var block = containers[i].closest(".map-block");
      if (block) block.classList.remove("has-map");
      if (window.console) window.console.warn("Carte non affichée :", error);
    }
  }
})();
