// sachstand serve: saves each changed field about a second after the last keystroke, shows
// the check's findings at their fields, and the pages of the preview. No libraries.
// "Neuer Bericht": the proposed file name follows Vorlagenart and Datum until the user edits it.
(function () {
  "use strict";
  const neu = document.getElementById("neu-form");
  if (!neu) return;
  const art = neu.elements.vorlage;
  const datum = neu.elements.datum;
  const datei = neu.elements.datei;
  let proposed = datei.value;
  function propose() {
    if (datei.value !== proposed) return;
    // 03.07.2023 or 2023-07-03: year and month name the file.
    const v = datum.value.trim();
    const de = /^\d{1,2}\.(\d{1,2})\.(\d{4})$/.exec(v);
    const iso = /^(\d{4})-(\d{2})-\d{2}$/.exec(v);
    if (!de && !iso) return;
    const jahr = de ? de[2] : iso[1];
    const monat = de ? de[1].padStart(2, "0") : iso[2];
    proposed = jahr + "-" + monat + "-" + art.value + ".toml";
    datei.value = proposed;
  }
  art.addEventListener("change", propose);
  datum.addEventListener("change", propose);
})();
(function () {
  "use strict";
  const form = document.getElementById("bericht");
  if (!form) return;
  const pfad = form.dataset.pfad;
  let hash = form.dataset.hash;
  const pending = new Map();
  let timer = null;
  let busy = false;
  let blocked = false;
  const statusEl = document.getElementById("status");
  const seiten = document.getElementById("seiten");

  // The release line under the title: after a change a released paper is an Entwurf again.
  function freigabeZeile(f) {
    const line = document.getElementById("freigabestand");
    if (!f || !line || !line.firstChild) return;
    line.firstChild.textContent = f.text + " ";
    line.className = "freigabezeile freigabe-" + f.art;
  }

  function status(text, fehler) {
    statusEl.textContent = text;
    statusEl.classList.toggle("fehler", !!fehler);
  }
  function feldBox(name) {
    return form.querySelector('.feld[data-feld="' + CSS.escape(name) + '"]');
  }
  // Text with `code` spans (as the check's hints write them) into `el`.
  function setText(el, text) {
    el.textContent = "";
    String(text).split("`").forEach(function (part, i) {
      if (i % 2) {
        const code = document.createElement("code");
        code.textContent = part;
        el.appendChild(code);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }
  function mark(name, text, art) {
    const box = feldBox(name);
    if (!box) return false;
    const p = box.querySelector(".befund");
    const control = box.querySelector("[name]");
    p.hidden = false;
    setText(p, text);
    p.classList.toggle("warnung", art === "warnung");
    box.classList.toggle("ungueltig", art !== "warnung");
    if (control) {
      if (art !== "warnung") control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", p.id + " " + control.id + "-hilfe");
    }
    return true;
  }
  function unmark(name) {
    const box = feldBox(name);
    if (!box) return;
    const p = box.querySelector(".befund");
    p.hidden = true;
    p.textContent = "";
    box.classList.remove("ungueltig");
    const control = box.querySelector("[name]");
    if (control) {
      control.removeAttribute("aria-invalid");
      control.setAttribute("aria-describedby", control.id + "-hilfe");
    }
  }
  function conflict(text) {
    blocked = true;
    pending.clear();
    document.getElementById("konflikt").hidden = false;
    status(text || "Nicht gespeichert: die Datei wurde inzwischen geändert.", true);
  }
  // The field a finding belongs to: the path itself, or the first field below it.
  function fieldFor(path) {
    if (!path) return null;
    if (feldBox(path)) return path;
    const below = form.querySelector('.feld[data-feld^="' + CSS.escape(path) + '."]');
    return below ? below.dataset.feld : null;
  }
  // Fields edited in this page session, and whether "Prüfen" was pressed: until then a field
  // still to be filled in is a calm to-do, not a red error.
  const touched = new Set();
  let checked = false;
  let lastFindings = [];
  // A link to the control of field `name`, with `text`.
  function linkTo(name, text) {
    const a = document.createElement("a");
    const control = feldBox(name).querySelector("[name]");
    a.href = "#" + (control ? control.id : "");
    setText(a, text);
    a.addEventListener("click", function (ev) {
      if (control) { ev.preventDefault(); control.focus(); control.scrollIntoView({ block: "center" }); }
    });
    return a;
  }
  function showToDo(list) {
    const p = document.getElementById("offenliste");
    p.textContent = "";
    list.forEach(function (b, i) {
      if (i) p.appendChild(document.createTextNode(", "));
      p.appendChild(linkTo(fieldFor(b.path), b.label || b.path));
    });
    document.getElementById("offen").hidden = list.length === 0;
  }
  function showFindings(list) {
    lastFindings = list;
    form.querySelectorAll(".feld").forEach(function (box) {
      if (!box.dataset.lokal && !box.dataset.ungespeichert) unmark(box.dataset.feld);
    });
    const ul = document.getElementById("befundliste");
    ul.textContent = "";
    const toDo = [];
    const shown = [];
    list.forEach(function (b) {
      const name = fieldFor(b.path);
      if (b.offen && name && !checked && !touched.has(name)) toDo.push(b);
      else shown.push(b);
    });
    showToDo(toDo);
    shown.forEach(function (b) {
      const li = document.createElement("li");
      li.className = b.severity;
      const name = fieldFor(b.path);
      const text = (b.severity === "fehler" ? "Fehler: " : "Warnung: ") + b.text;
      if (name) {
        mark(name, text, b.severity);
        li.appendChild(linkTo(name, (b.label ? b.label + ": " : "") + text));
      } else {
        setText(li, (b.line ? "Zeile " + b.line + ": " : "") + text);
      }
      ul.appendChild(li);
    });
    document.getElementById("befunde").hidden = shown.length === 0;
  }
  document.getElementById("pruefen").addEventListener("click", function () {
    checked = true;
    showFindings(lastFindings);
    const first = document.querySelector("#befundliste a");
    if (first) first.focus();
  });
  function showPreview(j) {
    document.getElementById("entwurf").hidden = !(j.draft && j.pages);
    if (j.pages) {
      seiten.innerHTML = j.pages.join("");
    } else if (!seiten.querySelector("svg")) {
      seiten.innerHTML = "<p>Noch keine Vorschau: der Bericht hat Fehler.</p>";
    }
    seiten.setAttribute("aria-busy", "false");
    seiten.classList.toggle("veraltet-bild", !!j.outdated);
    document.getElementById("veraltet").hidden = !(j.outdated && seiten.querySelector("svg"));
    showFindings(j.diagnostics || []);
  }
  async function post(url, body) {
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let j = {};
    try { j = await r.json(); } catch (e) { j = { fehler: "Antwort nicht lesbar" }; }
    return [r.status, j];
  }
  // A change the server did not take (an error, no answer) stays pending, its field marked
  // "nicht gespeichert", and is sent again after a pause; it is never dropped.
  let retryDelay = 2000;
  let lastErrors = 0;
  function keep(name, value, text) {
    if (!pending.has(name)) pending.set(name, value);
    mark(name, "Nicht gespeichert: " + text, "fehler");
    const box = feldBox(name);
    if (box) box.dataset.ungespeichert = "1";
  }
  async function flush() {
    if (blocked) return;
    if (busy) { timer = setTimeout(flush, 200); return; }
    busy = true;
    status("Wird gespeichert …");
    let failed = "";
    for (const [name, value] of Array.from(pending)) {
      if (blocked) break;
      pending.delete(name);
      let code, j;
      try {
        [code, j] = await post("/feld/" + pfad, { hash: hash, name: name, value: value });
      } catch (e) {
        failed = "Der Server antwortet nicht. Läuft sachstand serve noch?";
        keep(name, value, failed);
        continue;
      }
      if (code === 409) { conflict(j.fehler); break; }
      if (code === 422) {
        const box = feldBox(name);
        if (box) box.dataset.lokal = "1";
        mark(name, j.fehler, "fehler");
        status("Ein Wert ist noch nicht gültig und wurde nicht gespeichert.", true);
        continue;
      }
      if (code !== 200) {
        failed = j.fehler || "Speichern fehlgeschlagen.";
        keep(name, value, failed);
        continue;
      }
      const box = feldBox(name);
      if (box) { delete box.dataset.lokal; delete box.dataset.ungespeichert; }
      hash = j.hash;
      form.dataset.hash = hash;
      freigabeZeile(j.freigabe);
      lastErrors = j.errors || 0;
      showPreview(j);
    }
    busy = false;
    if (blocked) return;
    if (failed) {
      const seconds = Math.round(retryDelay / 1000);
      const sentence = /[.!?]$/.test(failed) ? failed : failed + ".";
      status("Nicht gespeichert: " + sentence + " Neuer Versuch in " + seconds + " Sekunden; die Eingaben bleiben erhalten.", true);
      clearTimeout(timer);
      timer = setTimeout(flush, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
      return;
    }
    retryDelay = 2000;
    if (pending.size) return;
    if (form.querySelector('.feld[data-lokal]')) {
      status("Ein Wert ist noch nicht gültig und wurde nicht gespeichert.", true);
    } else {
      status(lastErrors ? "Gespeichert – der Bericht hat noch " + lastErrors + " Fehler." : "Alle Änderungen sind gespeichert.", false);
    }
  }
  // Leaving the page with changes not yet written asks first.
  window.addEventListener("beforeunload", function (ev) {
    if (pending.size && !blocked) { ev.preventDefault(); ev.returnValue = ""; }
  });
  function changed(ev) {
    const el = ev.target;
    if (!el.name || blocked) return;
    const box = feldBox(el.name);
    // A date typed as 2022-11-16 is shown the German way once the field is left.
    const iso = el.classList.contains("datum") && ev.type === "change" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(el.value.trim());
    if (iso) el.value = iso[3] + "." + iso[2] + "." + iso[1];
    if (el.validity && (el.validity.badInput || el.validity.patternMismatch)) {
      if (box) box.dataset.lokal = "1";
      const text = el.classList.contains("datum")
        ? "Noch kein vollständiges Datum (TT.MM.JJJJ) – wird erst gespeichert, wenn es vollständig ist."
        : "Noch kein vollständiger Wert – wird erst gespeichert, wenn er gültig ist.";
      mark(el.name, text, "fehler");
      pending.delete(el.name);
      // Said in the live status line too, when the field is left (not on every keystroke).
      if (ev.type === "change") {
        const label = box && box.querySelector("label");
        status((label ? label.textContent + ": " : "") + text, true);
      } else if (!pending.size && !busy) {
        status("Ein Wert ist noch nicht gültig und wurde nicht gespeichert.", true);
      }
      return;
    }
    if (box && box.dataset.lokal) { delete box.dataset.lokal; unmark(el.name); }
    touched.add(el.name);
    pending.set(el.name, el.value);
    status("Ungespeicherte Änderung …");
    clearTimeout(timer);
    timer = setTimeout(flush, 1000);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("click", async function (ev) {
    const b = ev.target.closest("button[data-liste]");
    if (!b || blocked) return;
    clearTimeout(timer);
    // A save still under way first (its answer brings the hash the list change needs).
    while (busy) await new Promise(function (done) { setTimeout(done, 50); });
    await flush();
    if (blocked) return;
    let code, j;
    try {
      [code, j] = await post("/liste/" + pfad, {
        hash: hash, liste: b.dataset.liste, aktion: b.dataset.aktion, index: Number(b.dataset.index || 0),
      });
    } catch (e) {
      status("Nicht geändert: der Server antwortet nicht. Läuft sachstand serve noch?", true);
      return;
    }
    if (code === 409) { conflict(j.fehler); return; }
    if (code !== 200) { status(j.fehler || "Nicht geändert.", true); return; }
    // Keyboard users go on where they were: the new entry's first field, or the add button.
    const group = b.closest("fieldset");
    if (b.dataset.aktion === "neu" && b.dataset.fokus) {
      sessionStorage.setItem("sachstand-fokus", '[name="' + CSS.escape(b.dataset.fokus) + '"]');
    } else if (b.dataset.aktion === "neu") {
      const first = group.querySelector(".listeneintrag .feld");
      const n = group.querySelectorAll(".listeneintrag").length + 1;
      const rest = first ? first.dataset.feld.replace(/^.*\[\d+\]/, "") : "";
      sessionStorage.setItem("sachstand-fokus", '[name="' + b.dataset.liste + "[" + n + "]" + rest + '"]');
    } else if (b.dataset.aktion === "weg") {
      sessionStorage.setItem("sachstand-fokus", 'button[data-liste="' + CSS.escape(b.dataset.liste) + '"][data-aktion="neu"]');
    } else {
      // The moved entry's button of the same direction, or at the end the other one.
      const to = Number(b.dataset.index) + (b.dataset.aktion === "hoch" ? -1 : 1);
      const at = 'button[data-liste="' + CSS.escape(b.dataset.liste) + '"][data-index="' + to + '"]';
      const other = b.dataset.aktion === "hoch" ? "runter" : "hoch";
      sessionStorage.setItem("sachstand-fokus", at + '[data-aktion="' + b.dataset.aktion + '"]||' + at + '[data-aktion="' + other + '"]');
    }
    // The browser would restore the old scroll position after the reload, taking the focused
    // control out of view: the focus decides where the page stands.
    history.scrollRestoration = "manual";
    location.reload();
  });
  // An Anlage's file uploaded: stored by the server in the project's anlagen/ folder and named
  // in the entry; then the page is loaded again (the choice then lists the new file).
  form.addEventListener("change", async function (ev) {
    const input = ev.target;
    if (!input.dataset || !input.dataset.hochladen || !input.files || !input.files.length || blocked) return;
    const file = input.files[0];
    const feld = input.dataset.feldName;
    const max = Number(input.dataset.max || 0);
    if (max && file.size > max) {
      mark(feld, "Nicht hochgeladen: die Datei ist größer als " + Math.round(max / 1048576) + " MB.", "fehler");
      status("Nicht hochgeladen: die Datei ist zu groß.", true);
      input.value = "";
      return;
    }
    clearTimeout(timer);
    while (busy) await new Promise(function (done) { setTimeout(done, 50); });
    await flush();
    if (blocked) return;
    status("Die Datei wird hochgeladen …");
    const query = new URLSearchParams({ hash: hash, liste: input.dataset.hochladen, index: input.dataset.index, name: file.name });
    let r, j = {};
    try {
      r = await fetch("/anlage/" + pfad + "?" + query.toString(), {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: file,
        credentials: "same-origin",
      });
      try { j = await r.json(); } catch (e) { j = {}; }
    } catch (e) {
      status("Nicht hochgeladen: der Server antwortet nicht. Läuft sachstand serve noch?", true);
      return;
    }
    if (r.status === 409) { conflict(j.fehler); return; }
    if (r.status !== 200) {
      const text = j.fehler || "Die Datei wurde nicht angenommen.";
      mark(feld, "Nicht hochgeladen: " + text, "fehler");
      status("Nicht hochgeladen: " + text, true);
      input.value = "";
      return;
    }
    sessionStorage.setItem("sachstand-fokus", '[name="' + CSS.escape(feld) + '"]');
    sessionStorage.setItem("sachstand-status", "Hochgeladen und gespeichert: " + String(j.datei || "").split("/").pop());
    history.scrollRestoration = "manual";
    location.reload();
  });
  const gemeldet = sessionStorage.getItem("sachstand-status");
  if (gemeldet) {
    sessionStorage.removeItem("sachstand-status");
    status(gemeldet, false);
  }
  const fokus = sessionStorage.getItem("sachstand-fokus");
  if (fokus) {
    sessionStorage.removeItem("sachstand-fokus");
    const el = fokus.split("||").map(function (css) { return document.querySelector(css); })
      .find(function (found) { return found; });
    if (el) { el.focus(); el.scrollIntoView({ block: "center" }); }
  }
  document.getElementById("neu-laden").addEventListener("click", function () { location.reload(); });
  fetch("/vorschau/" + pfad, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(showPreview)
    .catch(function () { status("Die Vorschau konnte nicht geladen werden.", true); });
})();
