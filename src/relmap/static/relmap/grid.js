/*
 * Drag and drop on the power/interest grid. Dropping a chip on another cell POSTs the
 * new power and interest (CSRF token from <body hx-headers>); the server saves it through
 * the audited service and the page refreshes the grid, the data and the findings.
 * Keyboard users change the same values with the fields in the person's panel.
 */
(function () {
  "use strict";

  const app = document.getElementById("map-app");
  if (!app || app.dataset.canEdit !== "true") return;

  const status = document.getElementById("grid-status");
  let dragged = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function moveUrl(id) {
    return app.dataset.moveUrl.replace(/\/0\/move\/$/, "/" + id + "/move/");
  }

  function say(message, kind) {
    status.textContent = message;
    status.classList.toggle("is-error", kind === "error");
    status.classList.toggle("is-ok", kind === "ok");
  }

  function cellOf(element) {
    return element && element.closest ? element.closest("#grid-board .cell") : null;
  }

  document.addEventListener("dragstart", (event) => {
    const chip = event.target.closest && event.target.closest('#grid-board .chip[draggable="true"]');
    if (!chip) return;
    dragged = chip;
    chip.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.dataset.person);
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    document.querySelectorAll(".cell.is-drop-target").forEach((c) => c.classList.remove("is-drop-target"));
    dragged = null;
  });

  document.addEventListener("dragover", (event) => {
    const cell = cellOf(event.target);
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".cell.is-drop-target").forEach((c) => c !== cell && c.classList.remove("is-drop-target"));
    cell.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", (event) => {
    const cell = cellOf(event.target);
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove("is-drop-target");
  });

  document.addEventListener("drop", (event) => {
    const cell = cellOf(event.target);
    if (!cell || !dragged) return;
    event.preventDefault();
    cell.classList.remove("is-drop-target");
    const chip = dragged;
    const from = cellOf(chip);
    if (from === cell) return;
    move(chip, from, cell);
  });

  async function move(chip, from, cell) {
    const id = Number(chip.dataset.person);
    const power = cell.dataset.power;
    const interest = cell.dataset.interest;
    const name = chip.textContent.trim();
    // Show the move at once; the refreshed grid from the server replaces it.
    const item = chip.closest("li");
    cell.querySelector(".chips").appendChild(item);
    chip.classList.add("is-saving");
    say("Saving " + name + "…");
    const body = new FormData();
    body.append("power", power);
    body.append("interest", interest);
    let response;
    try {
      response = await fetch(moveUrl(id), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      });
    } catch (error) {
      response = null;
    }
    chip.classList.remove("is-saving");
    if (response && response.ok) {
      say(
        name + " moved to power " + power + ", interest " + interest + " (" +
          cell.dataset.quadrant.replace(/_/g, " ") + ").",
        "ok"
      );
      window.htmx.trigger(document.body, "relmap:map-changed");
      if (window.relmap && window.relmap.selected() === id) window.relmap.reloadPanel();
      return;
    }
    from.querySelector(".chips").appendChild(item);
    let reason = "the server could not be reached.";
    if (response && (response.headers.get("Content-Type") || "").startsWith("text/plain")) {
      reason = (await response.text()).trim();
    } else if (response && response.status === 403) {
      reason = "you have read-only access to this account.";
    } else if (response) {
      reason = "the server answered " + response.status + ".";
    }
    say("Not saved: " + reason, "error");
  }
})();
