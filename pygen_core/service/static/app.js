// The pygen service page: read a model, call /v1/validate or /v1/generate, show findings, offer the download.
// Text from the model or the server is only ever shown with textContent (never as markup).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const app = $("app");
  const formats = JSON.parse(app.dataset.formats || "{}");
  const state = { fileText: null, fileName: null, downloadUrl: null };

  const keyInput = $("api-key");
  keyInput.value = sessionStorage.getItem("pygen-key") || "";
  keyInput.addEventListener("change", () => sessionStorage.setItem("pygen-key", keyInput.value.trim()));

  function fillFormats() {
    const select = $("format");
    const chosen = select.value;
    select.replaceChildren();
    for (const name of formats[$("language").value] || ["zip"]) {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      select.appendChild(option);
    }
    if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  }
  $("language").addEventListener("change", fillFormats);
  fillFormats();

  function loadFile(file) {
    const reader = new FileReader();
    reader.onload = () => {
      state.fileText = String(reader.result);
      state.fileName = file.name;
      $("snapshot").value = "";
      $("file-info").textContent = `loaded ${file.name} (${file.size} bytes)`;
    };
    reader.onerror = () => setStatus(`cannot read ${file.name}`, true);
    reader.readAsText(file);
  }
  $("file").addEventListener("change", (event) => {
    if (event.target.files.length) loadFile(event.target.files[0]);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (event.dataTransfer.files.length) loadFile(event.dataTransfer.files[0]);
  });
  $("snapshot").addEventListener("input", () => {
    state.fileText = null;
    $("file-info").textContent = "";
  });

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.className = isError ? "error" : "ok";
  }

  function list(id) {
    return $(id).value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  }

  function names() {
    const result = {};
    for (const line of $("names").value.split("\n")) {
      if (!line.trim()) continue;
      const at = line.indexOf("=");
      if (at < 1) throw new Error(`names: ${JSON.stringify(line)} is not ID=NAME`);
      result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return result;
  }

  function request(withOutput) {
    const text = state.fileText !== null ? state.fileText : $("snapshot").value;
    if (!text.trim()) throw new Error("give a snapshot: drop a file or paste JSON");
    let snapshot;
    try {
      snapshot = JSON.parse(text);
    } catch (error) {
      throw new Error(`${state.fileText !== null ? state.fileName : "pasted text"}: not valid JSON (${error.message})`);
    }
    const options = { package: $("package").value.trim(), language: $("language").value };
    const optional = { "client-name": "client-name", "instance-space": "instance-space" };
    for (const [key, id] of Object.entries(optional)) {
      if ($(id).value.trim()) options[key] = $(id).value.trim();
    }
    for (const key of ["data-models", "exclude-views", "exclude-spaces"]) {
      const values = list(key);
      if (values.length) options[key] = values;
    }
    const renames = names();
    if (Object.keys(renames).length) options.names = renames;
    if ($("strict").checked) options.strict = true;
    if (withOutput) {
      options.format = $("format").value;
      if (options.format === "wheel") {
        if ($("project-name").value.trim()) options["project-name"] = $("project-name").value.trim();
        if ($("version").value.trim()) options.version = $("version").value.trim();
      }
    }
    return { snapshot, options };
  }

  function showFindings(findings) {
    const table = $("findings");
    const body = table.querySelector("tbody");
    body.replaceChildren();
    for (const finding of findings || []) {
      const row = document.createElement("tr");
      row.className = "finding";
      const cells = [
        finding.code,
        finding.severity,
        finding.location ? finding.location.text : "",
        finding.message,
        finding.suggestion || "",
      ];
      cells.forEach((value, index) => {
        const cell = document.createElement("td");
        cell.textContent = String(value);
        if (index === 1) cell.className = String(value);
        row.appendChild(cell);
      });
      body.appendChild(row);
    }
    table.hidden = !(findings && findings.length);
  }

  function counts(summary) {
    return `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.info} info`;
  }

  function clearDownload() {
    const link = $("download");
    if (state.downloadUrl) URL.revokeObjectURL(state.downloadUrl);
    state.downloadUrl = null;
    link.hidden = true;
    link.removeAttribute("href");
  }

  async function call(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        Authorization: `Bearer ${keyInput.value.trim()}`,
      },
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      throw new Error(`HTTP ${response.status}: the answer is not JSON`);
    }
    if (!response.ok) {
      const error = (data && data.error) || { code: "http_error", message: `HTTP ${response.status}` };
      showFindings(error.findings || []);
      throw new Error(`${error.code}: ${error.message}`);
    }
    return data;
  }

  async function run(withOutput) {
    clearDownload();
    showFindings([]);
    let body;
    try {
      body = request(withOutput);
    } catch (error) {
      setStatus(error.message, true);
      return;
    }
    setStatus(withOutput ? "generating…" : "validating…", false);
    try {
      if (!withOutput) {
        const data = await call("/v1/validate", body);
        showFindings(data.findings);
        setStatus(`${data.valid ? "valid" : "not valid"}: ${counts(data.summary)}`, !data.valid);
        return;
      }
      const data = await call("/v1/generate", body);
      showFindings(data.findings);
      const raw = atob(data.contentBase64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
      state.downloadUrl = URL.createObjectURL(new Blob([bytes], { type: data.mediaType }));
      const link = $("download");
      link.href = state.downloadUrl;
      link.download = data.filename;
      link.textContent = `download ${data.filename} (${data.size} bytes)`;
      link.hidden = false;
      setStatus(`generated ${data.filename}: ${counts(data.summary)}`, false);
    } catch (error) {
      setStatus(error.message, true);
    }
  }

  $("validate").addEventListener("click", () => run(false));
  $("generate").addEventListener("click", () => run(true));
})();
