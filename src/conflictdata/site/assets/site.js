// conflictdata site: highlights that show their records, keyboard moves between them, and the
// search box over the records. Plain JavaScript, nothing fetched.
"use strict";

(() => {
  const marks = () => [...document.querySelectorAll("mark.hl[data-records]")];
  const idsOf = (mark) => mark.dataset.records.split(" ");

  function select(ids) {
    for (const mark of marks()) {
      mark.classList.toggle("selected", idsOf(mark).some((id) => ids.includes(id)));
    }
  }

  function show(mark) {
    const body = document.getElementById("details-body");
    if (!body) return;
    const ids = idsOf(mark);
    select(ids);
    body.replaceChildren();
    if (mark.dataset.issues) {
      const note = document.createElement("p");
      note.className = "issue error";
      note.textContent = mark.title;
      body.append(note);
    }
    for (const id of ids) {
      const panel = document.getElementById(id);
      if (!panel) continue;
      const copy = panel.cloneNode(true);
      copy.removeAttribute("id");
      copy.dataset.shows = id;
      body.append(copy);
    }
  }

  function step(by) {
    const all = marks();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement);
    const next = at < 0 ? (by > 0 ? 0 : all.length - 1) : (at + by + all.length) % all.length;
    all[next].focus();
  }

  function target() {
    const id = decodeURIComponent(location.hash.slice(1));
    const panel = id && document.getElementById(id);
    if (!panel) return;
    select([id]);
    panel.scrollIntoView({ block: "start" });
  }

  function filter(form) {
    const get = (name) => form.elements[name].value;
    const text = get("text").trim().toLowerCase();
    const [kind, type, actor, fact, from, to] = ["kind", "type", "actor", "factuality", "from", "to"].map(get);
    const records = [...document.querySelectorAll("#record-list > .record")];
    let shown = 0;
    for (const r of records) {
      const d = r.dataset;
      const dated = d.start !== "" || d.end !== "";
      const ok =
        (!text || d.text.includes(text)) &&
        (!kind || d.kind === kind) &&
        (!type || d.type === type) &&
        (!actor || d.actors.split(" ").includes(actor)) &&
        (!fact || d.factuality === fact) &&
        (!(from || to) || dated) &&
        (!to || d.start === "" || d.start <= to) &&
        (!from || d.end === "" || d.end >= from);
      r.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    document.getElementById("count").value = `${shown} of ${records.length} records`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const mark of marks()) {
      mark.addEventListener("click", () => show(mark));
      mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          show(mark);
        }
      });
    }
    document.addEventListener("keydown", (event) => {
      if (event.target.closest("input, select, textarea") || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "n") step(1);
      if (event.key === "p") step(-1);
    });
    const form = document.getElementById("search");
    if (form) {
      form.addEventListener("input", () => filter(form));
      form.addEventListener("submit", (event) => event.preventDefault());
      filter(form);
    }
    window.addEventListener("hashchange", target);
    target();
  });
})();
