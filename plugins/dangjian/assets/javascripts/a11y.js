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

  /* --- the header's ☰ and search icons, for the keyboard ---------------------------------- */

  /* Material draws them as <label for="__drawer"> and <label for="__search">, which Tab never
     reaches: each is made a button (in the Tab order, named, Enter or Space toggles the
     checkbox Material watches, as a tap on the label does). The header stays through instant
     navigation: each label is set up once. */
  var HEADER_TOGGLES = [["__drawer", "打开导航菜单", "关闭导航菜单"], ["__search", "搜索", "关闭搜索"]];
  /* Material's phone layout, where the search field is hidden until the search opens */
  var PHONE_SEARCH = window.matchMedia ? window.matchMedia("(max-width: 59.984375em)") : null;

  function setupHeaderButtons() {
    HEADER_TOGGLES.forEach(function (item) {
      var toggle = document.getElementById(item[0]);
      var label = document.querySelector("label.md-header__button[for='" + item[0] + "']");
      if (!toggle || !label || label.dataset.djButton) return;
      label.dataset.djButton = "1";
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      var byKey = false;
      var show = function () {
        label.setAttribute("aria-label", toggle.checked ? item[2] : item[1]);
        label.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
        if (item[0] === "__search") hideClosedSearch(toggle);
        if (!toggle.checked && byKey) {
          byKey = false;
          var focused = document.activeElement;
          /* the search closed (Escape): the focus goes back to the button that opened it */
          if (item[0] === "__search" && (!focused || focused === document.body || focused.closest(".md-search"))) {
            label.focus();
          }
        }
      };
      show();
      toggle.addEventListener("change", show);
      if (item[0] === "__search" && PHONE_SEARCH && PHONE_SEARCH.addEventListener) {
        PHONE_SEARCH.addEventListener("change", function () { hideClosedSearch(toggle); });
      }
      label.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        /* handled here alone: Material clicks a focused label on Enter too, which would toggle
           it back */
        event.preventDefault();
        event.stopPropagation();
        byKey = !toggle.checked;
        label.click(); /* the label's own action: its checkbox toggles and says so (change) */
        if (item[0] === "__search" && toggle.checked) {
          var input = document.querySelector(".md-search__input");
          if (input) input.focus();
        }
      });
    });
    /* Escape closes the open drawer and gives the focus back to ☰ */
    var drawer = document.getElementById("__drawer");
    if (drawer && !drawer.dataset.djEscape) {
      drawer.dataset.djEscape = "1";
      document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !drawer.checked) return;
        var label = document.querySelector("label.md-header__button[for='__drawer']");
        if (label) { label.click(); label.focus(); }
      });
    }
  }

  /* On a phone the closed search's field is out of sight: out of the Tab order too (Tab would
     open the search on the way to the drawer's links); the search button opens it. */
  function hideClosedSearch(toggle) {
    var input = document.querySelector(".md-search__input");
    if (!input) return;
    if (PHONE_SEARCH && PHONE_SEARCH.matches && !toggle.checked) input.setAttribute("tabindex", "-1");
    else input.removeAttribute("tabindex");
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
    setupHeaderButtons();
    setupLarge();
    setupReading();
  }

  window.addEventListener("pagehide", stopReading);
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
    else start();
  });
})();
