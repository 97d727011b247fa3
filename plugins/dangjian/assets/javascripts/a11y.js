/* dangjian: 适老化 and 无障碍 — the 长辈模式 switch and 朗读 (read aloud) in the page's tools row.
 *
 * Loaded in <head> (not deferred): the remembered 长辈模式 is applied before the first paint,
 * and the tools row (docs/overrides/main.html) is shown only where this script runs.
 * Reading aloud uses the browser's own speechSynthesis in zh-CN, one utterance per paragraph
 * (Chrome stops a long utterance after some seconds); no outside service is asked.
 * Everything it writes into the page is text (textContent) or a class. */
(function () {
  "use strict";

  var LARGE_KEY = "dj-large";
  var root = document.documentElement;
  var speech = "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function"
    ? window.speechSynthesis : null;
  /* what is not read: navigation, code, controls, the photo strip, maps, the tools row itself */
  var SKIP = "nav, pre, code, kbd, script, style, svg, button, form, select, textarea, noscript, "
    + "[hidden], [aria-hidden='true'], .headerlink, .dj-tools, .dj-photos, .dj-lightbox, .dj-map, "
    + ".dj-nav, .dj-share, .dj-qr-figure, .md-content__button, .md-source-file";
  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, tr, caption, figcaption, blockquote, summary";
  var CELLS = "td, th";
  var LONGEST = 120;

  function storedLarge() {
    try { return window.localStorage.getItem(LARGE_KEY) === "1"; } catch (e) { return false; }
  }

  root.classList.add("dj-js");
  if (storedLarge()) root.classList.add("dj-large");

  /* --- 长辈模式 ------------------------------------------------------------------------ */

  function showLarge(on) {
    root.classList.toggle("dj-large", on);
    var button = document.querySelector(".dj-a11y-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准模式" : "长辈模式";
    }
  }

  function setupLarge() {
    var button = document.querySelector(".dj-a11y-toggle");
    if (button && !button.dataset.ready) {
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var on = !root.classList.contains("dj-large");
        try { window.localStorage.setItem(LARGE_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
        showLarge(on);
      });
    }
    showLarge(root.classList.contains("dj-large"));
  }

  /* --- 朗读 ---------------------------------------------------------------------------- */

  /* Long paragraphs cut after a sentence's end, into pieces of at most LONGEST characters
     where the sentences allow */
  function pieces(text) {
    if (text.length <= LONGEST) return [text];
    var out = [], current = "";
    (text.match(/[^。！？；!?;]+[。！？；!?;]*/g) || [text]).forEach(function (sentence) {
      if (current && current.length + sentence.length > LONGEST) { out.push(current); current = ""; }
      current += sentence;
    });
    if (current) out.push(current);
    return out;
  }

  /* The main text of the page as [{text, block}], one per paragraph (or piece of one) */
  function paragraphs(article) {
    var out = [], block = null, cell = null, text = "";
    function flush() {
      var clean = text.replace(/\s+/g, " ").trim();
      if (clean) pieces(clean).forEach(function (p) { out.push({ text: p, block: block }); });
      text = "";
    }
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return !parent || parent.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var owner = node.parentElement.closest(BLOCKS) || node.parentElement;
      if (!article.contains(owner)) owner = article;
      if (owner !== block) { flush(); block = owner; cell = null; }
      var inCell = node.parentElement.closest(CELLS);
      if (inCell && cell && inCell !== cell && text.trim()) text += "，";
      cell = inCell;
      text += node.nodeValue;
    }
    flush();
    return out;
  }

  function chineseVoice() {
    var voices = speech.getVoices() || [];
    var lang = function (v) { return String(v.lang || "").replace("_", "-").toLowerCase(); };
    return voices.filter(function (v) { return lang(v) === "zh-cn"; })[0]
      || voices.filter(function (v) { return lang(v).indexOf("zh") === 0; })[0] || null;
  }

  var reading = { state: "idle", marked: null };

  function mark(block) {
    if (reading.marked) reading.marked.classList.remove("dj-reading");
    reading.marked = block || null;
    if (block) block.classList.add("dj-reading");
  }

  function showReading(state) {
    reading.state = state;
    var main = document.querySelector("[data-dj-read]");
    var stop = document.querySelector("[data-dj-read-stop]");
    if (!main || !stop) return;
    main.textContent = state === "playing" ? "暂停" : state === "paused" ? "继续朗读" : "朗读全文";
    main.setAttribute("aria-pressed", state === "idle" ? "false" : "true");
    stop.hidden = state === "idle";
    if (state === "idle") mark(null);
  }

  function stopReading() {
    if (speech && reading.state !== "idle") speech.cancel();
    showReading("idle");
  }

  function startReading() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var list = paragraphs(article);
    if (!list.length) return;
    speech.cancel();
    var voice = chineseVoice();
    var session = {};
    reading.session = session;
    list.forEach(function (item, i) {
      var utterance = new window.SpeechSynthesisUtterance(item.text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      if (voice) utterance.voice = voice;
      utterance.onstart = function () { if (reading.session === session) mark(item.block); };
      if (i === list.length - 1) {
        utterance.onend = function () { if (reading.session === session) showReading("idle"); };
      }
      speech.speak(utterance);
    });
    showReading("playing");
  }

  function setupReading() {
    var main = document.querySelector("[data-dj-read]");
    var stop = document.querySelector("[data-dj-read-stop]");
    if (!speech || !main || !stop) return;
    if (!main.dataset.ready) {
      main.dataset.ready = "1";
      main.addEventListener("click", function () {
        if (reading.state === "idle") startReading();
        else if (reading.state === "playing") { speech.pause(); showReading("paused"); }
        else { speech.resume(); showReading("playing"); }
      });
      stop.addEventListener("click", function () { stopReading(); main.focus(); });
    }
    main.hidden = false;
    showReading("idle");
  }

  function start() {
    stopReading(); /* a new page (instant navigation) ends the reading of the last one */
    setupLarge();
    setupReading();
  }

  window.addEventListener("pagehide", stopReading);
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
    else start();
  });
})();
