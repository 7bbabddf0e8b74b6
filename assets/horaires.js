/* "Ouvert maintenant" or "Fermé" on an actor's page: the build cannot know the hour, so the
   week table carries each day's open intervals (data-open="540-720 840-1050", minutes since
   midnight) and this script reads them at the hour of the territory (Europe/Paris). */
(function () {
  "use strict";
  var table = document.querySelector("[data-opening-hours]");
  var status = document.querySelector("[data-opening-now]");
  if (!table || !status) return;

  var DAYS = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  var parts = {};
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
  var weekday = DAYS[parts.weekday];
  var minute = Number(parts.hour) * 60 + Number(parts.minute);

  var row = table.querySelector('tr[data-weekday="' + weekday + '"]');
  if (!row) return;
  var open = (row.getAttribute("data-open") || "").split(" ").filter(Boolean).some(function (range) {
    var bounds = range.split("-").map(Number);
    return bounds[0] <= minute && minute < bounds[1];
  });
  row.classList.add("today");
  row.querySelector("th").insertAdjacentHTML("beforeend", '<span class="visually-hidden"> (aujourd\u2019hui)</span>');
  status.textContent = open ? "Ouvert maintenant" : "Fermé maintenant";
  status.className = "opening-now " + (open ? "is-open" : "is-closed");
  status.hidden = false;
})();
