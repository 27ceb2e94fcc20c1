// The legislation explorer: documents -> sections -> the rules that cite them, a page per module with a "try it"
// form, and "copy as scenario". Plain script, no outside resources: it works offline. Chinese first; English switch.
"use strict";

const TEXT = {
  zh: {
    explorer: "法规浏览", switchTo: "English", documents: "文件", sections: "条款", modules: "规则模块",
    uncitedCount: "无规则引用的条款", onlyUncited: "只看无规则引用的条款", external: "外部引用文件",
    inForce: "施行期", issued: "发布", repealedBy: "被废止：", repeals: "废止：", citedBy: "引用本条的规则",
    notCited: "无规则引用", wholeDocument: "引用全文的规则", module: "模块", inputs: "输入", outputs: "输出",
    definitions: "中间定义", name: "标识", label: "名称", type: "类型", unit: "单位", requires: "要求",
    cites: "依据", note: "说明", scenarios: "检验本模块的场景", noScenario: "暂无场景", tryIt: "试算",
    date: "适用日期", evaluate: "计算", copyScenario: "复制为场景", copied: "已复制到剪贴板",
    result: "结果", explanation: "计算过程", given: "已知", then: "推得", output: "结果", rule: "规则",
    blank: "（留空表示无）", jsonHint: "以 JSON 填写", yes: "是", no: "否", always: "任何日期",
    from: "起", to: "至", reloadFailed: "规则包重新加载失败，仍在使用上一个有效版本。诊断：",
    notFound: "没有这个模块", loading: "加载中…", cases: "个算例", scenarioHelp: "把下面的场景保存到规则包 scenarios/ 目录下的 .scenario 文件，policyrules test 即可核对。",
    reformErrors: "无法加载的改革", reformErrorsHelp: "下列场景文件写明的改革无法加载，这些场景没有运行（policyrules test 判其未通过）。",
    scenarioFile: "场景文件", reform: "改革", notRun: "未运行", affectedModules: "受影响的规则模块", reformFailed: "改革 {reform} 无法加载，本场景没有运行：",
    errors: { invalid_input: "输入无效", unknown_module: "没有这个模块", not_in_force: "不在施行期", not_determinable: "无法确定",
      conflict: "规则冲突", no_rule_applies: "无规则适用", evaluation_error: "计算错误", timeout: "计算超时" },
  },
  en: {
    explorer: "Legislation", switchTo: "中文", documents: "documents", sections: "sections", modules: "modules",
    uncitedCount: "sections no rule cites", onlyUncited: "Only sections no rule cites", external: "Outside references",
    inForce: "In force", issued: "issued", repealedBy: "Repealed by ", repeals: "Repeals ", citedBy: "Rules citing this section",
    notCited: "not cited by any rule", wholeDocument: "Rules citing the whole document", module: "Module", inputs: "Inputs", outputs: "Outputs",
    definitions: "Definitions", name: "Name", label: "Label", type: "Type", unit: "Unit", requires: "Requires",
    cites: "Cites", note: "Note", scenarios: "Scenarios testing this module", noScenario: "No scenario yet", tryIt: "Try it",
    date: "Date applied", evaluate: "Evaluate", copyScenario: "Copy as scenario", copied: "Copied to the clipboard",
    result: "Result", explanation: "Explanation", given: "given", then: "then", output: "result", rule: "rule",
    blank: "(blank for none)", jsonHint: "as JSON", yes: "yes", no: "no", always: "any date",
    from: "from", to: "to", reloadFailed: "Reloading the rule package failed; the last good version is still serving. Diagnostics:",
    notFound: "No such module", loading: "Loading…", cases: "case(s)", scenarioHelp: "Save this block in a .scenario file under the package's scenarios/ folder; policyrules test checks it.",
    reformErrors: "Reforms that do not load", reformErrorsHelp: "The scenario files below name a reform that does not load: their scenarios did not run (policyrules test fails them).",
    scenarioFile: "Scenario file", reform: "reform", notRun: "did not run", affectedModules: "Modules whose scenarios did not run", reformFailed: "The reform {reform} does not load, so this scenario did not run:",
    errors: { invalid_input: "invalid input", unknown_module: "unknown module", not_in_force: "not in force", not_determinable: "not determinable",
      conflict: "conflict", no_rule_applies: "no rule applies", evaluation_error: "evaluation error", timeout: "timeout" },
  },
};

let lang = new URLSearchParams(location.search).get("lang") || localStorage.getItem("policyrules.lang") || "zh";
if (!TEXT[lang]) lang = "zh";
const t = key => TEXT[lang][key] ?? key;
// The service writes its located messages in the language the request asks for.
const statusUrl = () => "/api/status?lang=" + lang;

// Numbers are kept as their JSON text, so money and decimals show exactly as the service wrote them.
function parseExact(text) {
  return JSON.parse(text, (key, value, context) => typeof value === "number" && context && context.source ? context.source : value);
}

async function getJson(url) {
  const response = await fetch(url);
  return { status: response.status, body: parseExact(await response.text()) };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

function link(href, text) {
  return el("a", { href, "data-link": true }, text);
}

// 0.079 -> 7.9, exactly: the decimal point moves two places in the text.
function percent(text) {
  let [whole, frac = ""] = String(text).replace("-", "").split(".");
  const negative = String(text).startsWith("-");
  frac = frac.padEnd(2, "0");
  let digits = (whole + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  let rest = frac.slice(2).replace(/0+$/, "");
  return (negative ? "-" : "") + digits + (rest ? "." + rest : "");
}

function show(value, type) {
  if (value === null || value === undefined) return lang === "zh" ? "无" : "none";
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  if (Array.isArray(value)) return "[" + value.map(v => show(v, type && type.replace(/^list<(.*)>\??$/, "$1"))).join(", ") + "]";
  if (typeof value === "object") return "{" + Object.entries(value).map(([k, v]) => k + ": " + show(v)).join(", ") + "}";
  if (type && type.startsWith("money")) return value + " 元";
  if (type && type.startsWith("rate")) return percent(value) + "%";
  return String(value);
}

function quote(citation) {
  return el("div", { class: "citation" },
    el("div", {}, el("b", {}, citation.document + (citation.section ? " §" + citation.section : ""))),
    citation.quote ? el("div", { class: "quote" }, citation.quote) : null);
}

// ---- the legislation explorer ---------------------------------------------------------------------------------

async function explorer(app) {
  const [{ body: docs }, { body: mods }, { body: state }] = await Promise.all([getJson("/api/documents"), getJson("/api/modules"), getJson(statusUrl())]);
  const own = docs.documents.filter(d => !d.external);
  const sections = own.flatMap(d => d.sections);
  const uncited = sections.filter(s => !s.cited).length;
  const onlyUncited = el("input", { type: "checkbox", id: "only-uncited" });
  const list = el("div", { id: "documents" });
  const render = () => {
    const modulesOf = d => mods.modules.filter(m => m.documents.some(x => x.alias === d.alias));
    list.replaceChildren(...own.map(d => documentView(d, modulesOf(d), onlyUncited.checked)),
      el("h2", {}, t("external")), ...docs.documents.filter(d => d.external).map(d => documentView(d, [], onlyUncited.checked, true)));
  };
  onlyUncited.addEventListener("change", render);
  moduleLabels = new Map(mods.modules.map(m => [m.id, m.label || m.id]));
  app.replaceChildren(
    el("h1", {}, t("explorer")),
    el("section", { id: "reform-errors", class: "alert", "aria-labelledby": "reform-errors-heading", hidden: true }),
    el("div", { class: "summary" },
      el("div", {}, el("b", {}, own.length), t("documents")),
      el("div", {}, el("b", {}, sections.length), t("sections")),
      el("div", {}, el("b", {}, mods.modules.length), t("modules")),
      el("div", { id: "uncited-count" }, el("b", {}, uncited), t("uncitedCount"))),
    el("label", {}, onlyUncited, " ", t("onlyUncited")),
    list);
  render();
  showReformErrors(state.reform_errors);
}

// The overview's names for the modules it links to (their labels), kept for the status poll's redraws.
let moduleLabels = new Map();

// Scenario files naming a reform that does not load: their scenarios did not run, and the page says why, linking to the
// pages of the modules those scenarios test (where they are marked as not run).
function showReformErrors(errors) {
  const box = document.getElementById("reform-errors");
  if (!box) return;
  const shown = lang + JSON.stringify(errors);
  if (box.dataset.shown === shown) return;
  box.dataset.shown = shown;
  box.hidden = errors.length === 0;
  box.replaceChildren(...(errors.length === 0 ? [] : [
    el("h2", { id: "reform-errors-heading" }, t("reformErrors")),
    el("p", {}, t("reformErrorsHelp")),
    ...errors.map(e => el("div", { class: "reform-error", "data-file": e.file, "data-reform": e.reform },
      el("h3", {}, t("scenarioFile"), " ", el("code", {}, e.file), " · ", t("reform"), " ", el("code", {}, e.reform)),
      e.modules.length ? el("p", { class: "modules" }, t("affectedModules"), lang === "zh" ? "：" : ": ",
        ...e.modules.flatMap((id, i) => [i ? (lang === "zh" ? "、" : ", ") : "",
          el("a", { href: "/modules/" + encodeURIComponent(id) + "#scenarios", "data-link": true, "data-module": id }, moduleLabels.get(id) || id)])) : null,
      locatedMessages(e.errors)))]));
}

function locatedMessages(errors) {
  return el("ul", { class: "messages" }, ...errors.map(x => el("li", {}, x.text)));
}

function documentView(d, modules, onlyUncited, closed) {
  const sections = d.sections.filter(s => !onlyUncited || !s.cited);
  return el("details", { class: "doc", open: !closed, "data-document": d.alias },
    el("summary", {}, d.number, " ", d.title ? el("span", {}, d.title) : null),
    el("p", { class: "muted" },
      t("inForce"), " ", d.in_force_from, d.in_force_to ? " — " + d.in_force_to : " " + t("from"),
      d.issued ? "；" + t("issued") + " " + d.issued : "",
      d.repealed_by ? el("span", { class: "tag warn" }, t("repealedBy") + d.repealed_by.number + (d.repealed_by.section ? " §" + d.repealed_by.section : "")) : null,
      ...d.repeals.map(r => el("span", { class: "tag" }, t("repeals") + r.number + (r.by_section ? " §" + r.by_section : "")))),
    d.note ? el("p", { class: "muted" }, d.note) : null,
    modules.length ? el("p", { class: "modules" }, t("modules"), lang === "zh" ? "：" : ": ", ...modules.flatMap((m, i) => [i ? (lang === "zh" ? "、" : ", ") : "", link("/modules/" + encodeURIComponent(m.id), m.label || m.id)])) : null,
    d.cited_by && d.cited_by.length ? el("div", {}, t("wholeDocument"), citedBy(d.cited_by)) : null,
    ...sections.map(s => el("div", { class: "section" + (s.cited ? "" : " uncited"), "data-section": s.path },
      el("span", { class: "path" }, "§" + s.path), " ",
      s.cited ? null : el("span", { class: "tag warn" }, t("notCited")),
      s.text ? el("div", { class: "quote" }, s.text) : null,
      s.cited_by.length ? citedBy(s.cited_by) : null)));
}

function citedBy(list) {
  return el("ul", { class: "cited-by" }, ...list.map(c => el("li", {},
    link("/modules/" + encodeURIComponent(c.module), c.module_label || c.module),
    c.definition ? " · " + (c.label || c.definition) + " (" + c.definition + ")" : "",
    c.rule ? " · " + t("rule") + " " + c.rule : "")));
}

// ---- a module page ----------------------------------------------------------------------------------------------

async function modulePage(app, id) {
  const [{ status, body: m }, { body: state }] = await Promise.all([getJson("/api/modules/" + encodeURIComponent(id) + "?lang=" + lang), getJson(statusUrl())]);
  if (status !== 200) {
    app.replaceChildren(el("h1", {}, t("notFound")), el("p", {}, m.error ? m.error.message : ""));
    return;
  }
  document.title = (m.label || m.id) + " — PolicyRules";
  const period = m.in_force.always ? t("always") : m.in_force.from + (m.in_force.to ? " — " + m.in_force.to : " " + t("from"));
  app.replaceChildren(
    el("p", {}, link("/", "← " + t("explorer"))),
    el("h1", {}, m.label || m.id),
    el("p", { class: "muted" }, el("code", {}, m.id), " · ", m.documents.map(d => d.number).join("、"), " · ", t("inForce"), " ", period),
    m.note ? el("p", {}, m.note) : null,
    el("h2", {}, t("inputs")),
    table([t("label"), t("name"), t("type"), t("requires")], m.inputs.map(i => [i.label || "", el("code", {}, i.name), typeText(i), i.requires ? el("code", {}, i.requires) : ""])),
    el("h2", {}, t("outputs")),
    definitions(m.outputs),
    ...(m.definitions.length ? [el("h2", {}, t("definitions")), definitions(m.definitions)] : []),
    el("h2", {}, t("scenarios")),
    m.scenarios.length
      ? el("ul", { id: "scenarios" }, ...m.scenarios.map(s => scenarioItem(s, state.reform_errors)))
      : el("p", { class: "muted" }, t("noScenario")),
    el("h2", {}, t("tryIt")),
    tryForm(m),
    el("div", { id: "result" }));
}

// A scenario whose reform does not load did not run: it is marked so, with the reform's located messages.
function scenarioItem(s, reformErrors) {
  const file = s.location.replace(/\(\d+,\d+\)$/, "");
  const failed = s.reform_failed
    ? reformErrors.find(e => e.reform === s.reform && e.file === file) || reformErrors.find(e => e.reform === s.reform)
    : null;
  const [before, after] = t("reformFailed").split("{reform}");
  return el("li", { class: s.reform_failed ? "not-run" : null, "data-scenario": s.name },
    s.name, " ", el("span", { class: "muted" }, s.location, " · ", s.cases, " ", t("cases"), s.reform ? " · " + t("reform") + " " + s.reform : ""), " ",
    ...s.tags.map(x => el("span", { class: "tag" }, x)),
    s.reform_failed ? el("span", { class: "tag warn" }, t("notRun")) : null,
    s.reform_failed ? el("div", { class: "reason" }, el("p", {}, before, el("code", {}, s.reform), after), failed ? locatedMessages(failed.errors) : null) : null);
}

function typeText(x) {
  return x.type + (x.unit ? " (" + x.unit + ")" : "");
}

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, ...headers.map(h => el("th", {}, h)))),
    el("tbody", {}, ...rows.map(r => el("tr", {}, ...r.map(c => el("td", {}, c))))));
}

function definitions(list) {
  return table([t("label"), t("name"), t("type"), t("cites"), t("note")], list.map(d => [
    d.label || "", el("code", {}, d.name), typeText(d),
    el("div", {}, ...d.citations.map(quote), ...(d.rules || []).map(r => el("div", {}, el("span", { class: "tag" }, t("rule") + " " + r.label), ...r.citations.map(quote)))),
    d.note || ""]));
}

function defaultDate(m) {
  const today = new Date().toISOString().slice(0, 10);
  if (m.in_force.always) return today;
  if (today >= m.in_force.from && (!m.in_force.to || today <= m.in_force.to)) return today;
  return m.in_force.from;
}

function tryForm(m) {
  const params = new URLSearchParams(location.search);
  const form = el("form", { class: "try", id: "try-form" });
  form.append(el("label", { for: "at" }, t("date")), el("div", { class: "field" }, el("input", { type: "date", id: "at", value: params.get("at") || defaultDate(m), required: true })));
  for (const input of m.inputs) {
    const id = "in-" + input.name;
    const base = input.type.replace(/\?$/, "");
    const preset = params.get(input.name);
    let control;
    if (m.enums[base]) {
      control = el("select", { id, name: input.name },
        input.optional ? el("option", { value: "" }, t("blank")) : null,
        ...m.enums[base].members.map(x => el("option", { value: x.name, selected: preset === x.name }, (x.label || x.name) + (x.label ? " (" + x.name + ")" : ""))));
    } else if (base === "bool") {
      control = el("select", { id, name: input.name },
        input.optional ? el("option", { value: "" }, t("blank")) : null,
        el("option", { value: "true", selected: preset === "true" }, t("yes")), el("option", { value: "false", selected: preset === "false" }, t("no")));
    } else if (base === "date") {
      control = el("input", { id, name: input.name, type: "date", value: preset || "" });
    } else if (base === "datetime") {
      control = el("input", { id, name: input.name, type: "datetime-local", value: preset || "" });
    } else if (base.startsWith("list<") || m.records[base]) {
      control = el("textarea", { id, name: input.name, placeholder: example(base, m) }, preset || "");
    } else {
      control = el("input", { id, name: input.name, type: "text", inputmode: base === "string" ? "text" : "decimal", value: preset || "" });
    }
    control.dataset.type = input.type;
    const hint = [input.unit, input.optional ? t("blank") : null, control.tagName === "TEXTAREA" ? t("jsonHint") : null, input.requires ? t("requires") + " " + input.requires : null].filter(Boolean).join(" · ");
    form.append(el("label", { for: id }, input.label || input.name), el("div", { class: "field" }, control, el("span", { class: "hint" }, hint)));
  }
  form.append(el("div", { class: "actions" },
    el("button", { type: "submit", class: "primary", id: "evaluate" }, t("evaluate")),
    el("button", { type: "button", class: "secondary", id: "copy-scenario", onclick: () => copyScenario(m, form) }, t("copyScenario"))));
  form.addEventListener("submit", e => { e.preventDefault(); evaluate(m, form); });
  if (m.inputs.every(i => params.has(i.name) || i.optional) && params.has("at")) setTimeout(() => evaluate(m, form), 0);
  return form;
}

function example(type, m) {
  const list = type.startsWith("list<");
  const inner = list ? type.slice(5, -1) : type;
  const record = m.records[inner];
  const sample = record ? "{" + record.fields.map(f => JSON.stringify(f.name) + ": …").join(", ") + "}" : "…";
  return list ? "[" + sample + "]" : sample;
}

// The form as the API's input object. Numbers go as text, so that no digit is lost on the way.
function inputObject(m, form) {
  const input = {};
  for (const i of m.inputs) {
    const control = form.querySelector("#in-" + CSS.escape(i.name));
    const raw = control.value.trim();
    if (raw === "") { if (!i.optional) input[i.name] = ""; else input[i.name] = null; continue; }
    const base = i.type.replace(/\?$/, "");
    if (base === "bool") input[i.name] = raw === "true";
    else if (control.tagName === "TEXTAREA") { try { input[i.name] = JSON.parse(raw); } catch { input[i.name] = raw; } }
    else if (base === "rate") input[i.name] = raw.endsWith("%") ? raw : raw + "%";
    else input[i.name] = raw;
  }
  return input;
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

async function evaluate(m, form) {
  const at = form.querySelector("#at").value;
  const { text } = await post(`/api/modules/${encodeURIComponent(m.id)}/evaluate?at=${at}&explain=true&lang=${lang}`, inputObject(m, form));
  const answer = parseExact(text);
  const result = document.getElementById("result");
  const defs = Object.fromEntries([...m.outputs, ...m.definitions, ...m.inputs].map(d => [d.name, d]));
  const steps = (answer.trace || []).map(s => el("div", { class: "step", "data-step": s.name },
    el("span", { class: "kind" }, t(s.kind === "input" ? "given" : s.kind === "output" ? "output" : "then")), " ",
    (s.label || s.name), " = ", el("span", { class: "value" }, show(s.value, defs[s.name] && defs[s.name].type)),
    s.rule ? el("span", { class: "tag" }, t("rule") + " " + s.rule) : null,
    ...(s.citations || []).map(quote),
    s.note ? el("div", { class: "muted" }, s.note) : null));
  if (answer.error) {
    result.replaceChildren(el("div", { class: "answer error", id: "answer" },
      el("h3", {}, t("errors")[answer.error.code] || answer.error.code, " ", el("code", {}, answer.error.code)),
      el("p", { id: "error-message" }, answer.error.message),
      ...(answer.error.citations || []).map(c => el("div", {}, c)),
      ...(steps.length ? [el("h3", {}, t("explanation")), ...steps] : [])));
    return;
  }
  result.replaceChildren(el("div", { class: "answer", id: "answer" },
    el("h3", {}, t("result"), " · ", answer.at),
    table([t("label"), t("name"), t("result")], Object.entries(answer.outputs).map(([name, value]) =>
      [defs[name].label || name, el("code", {}, name), el("span", { class: "value", "data-output": name }, show(value, defs[name].type))])),
    el("h3", {}, t("explanation")), ...steps));
}

async function copyScenario(m, form) {
  const at = form.querySelector("#at").value;
  const { status, text } = await post(`/api/modules/${encodeURIComponent(m.id)}/scenario?at=${at}`, inputObject(m, form));
  const result = document.getElementById("result");
  const old = document.getElementById("scenario-box");
  if (old) old.remove();
  if (status !== 200) {
    const error = parseExact(text).error;
    result.prepend(el("div", { class: "answer error", id: "scenario-box" }, el("p", {}, error.message)));
    return;
  }
  let copied = false;
  try { await navigator.clipboard.writeText(text); copied = true; } catch { /* the text is shown to copy by hand */ }
  result.prepend(el("div", { id: "scenario-box" }, el("h3", {}, t("copyScenario"), copied ? el("span", { class: "tag" }, t("copied")) : null),
    el("p", { class: "muted" }, t("scenarioHelp")), el("pre", { class: "scenario", id: "scenario-text" }, text)));
}

// ---- frame: language, package status, routing ------------------------------------------------------------------

async function status() {
  const asked = lang;
  const { body } = await getJson(statusUrl());
  if (asked !== lang) return body;
  document.getElementById("package").textContent = body.rules + " · v" + body.version;
  const banner = document.getElementById("banner");
  banner.hidden = !body.reload_failed;
  if (body.reload_failed)
    banner.replaceChildren(el("div", {}, t("reloadFailed")), el("pre", { id: "diagnostics" }, body.diagnostics.map(d => d.text).join("\n")));
  showReformErrors(body.reform_errors);
  return body;
}

function translateFrame() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.getElementById("lang").textContent = t("switchTo");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
}

async function route() {
  translateFrame();
  const app = document.getElementById("app");
  const match = location.pathname.match(/^\/modules\/([^/]+)$/);
  try {
    if (match) await modulePage(app, decodeURIComponent(match[1]));
    else await explorer(app);
    // A link to part of a page (the overview's links to a module's scenarios) lands there.
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  } catch (e) {
    app.replaceChildren(el("p", { class: "answer error" }, String(e)));
  }
}

document.addEventListener("click", e => {
  const a = e.target.closest("a[data-link]");
  if (!a || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  route();
});
window.addEventListener("popstate", route);
document.getElementById("lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem("policyrules.lang", lang);
  const url = new URL(location.href);
  url.searchParams.delete("lang");
  history.replaceState(null, "", url);
  status();
  route();
});

status().then(s => { if (s.watching) setInterval(status, 2000); });
route();
