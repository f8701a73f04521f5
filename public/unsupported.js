// A browser that cannot run the page's WebAssembly gets a sentence instead of a blank page. The
// WebAssembly is built with SIMD (it reads files about a third faster: BENCHMARKS.md), which
// Chrome and Edge 91+, Firefox 89+ and Safari 16.4+ have. The test module below is one SIMD
// instruction; a browser that cannot validate it cannot run the page.
(function () {
  var simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  try {
    if (typeof WebAssembly === "object" && WebAssembly.validate(simd)) return;
  } catch (e) {}
  var words = {
    en: "This browser is too old to run CLV Lens. Please open the page in a current Chrome, Edge, Firefox or Safari (16.4 or later).",
    lv: "Šī pārlūkprogramma ir par vecu, lai darbinātu CLV Lens. Lūdzu, atveriet lapu jaunā Chrome, Edge, Firefox vai Safari (16.4 vai jaunākā) versijā.",
    pl: "Ta przeglądarka jest zbyt stara, by uruchomić CLV Lens. Otwórz stronę w aktualnym Chrome, Edge, Firefoksie lub Safari (16.4 lub nowszym).",
    ru: "Этот браузер слишком стар для CLV Lens. Откройте страницу в современном Chrome, Edge, Firefox или Safari (16.4 или новее).",
    zh: "此瀏覽器版本太舊，無法執行 CLV Lens。請使用最新版的 Chrome、Edge、Firefox 或 Safari（16.4 或更新版本）開啟此頁。",
  };
  var lang = (navigator.language || "en").slice(0, 2).toLowerCase();
  var text = words[lang] || words.en;
  document.addEventListener("DOMContentLoaded", function () {
    var p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = text;
    p.style.padding = "1rem";
    p.style.fontFamily = "system-ui, sans-serif";
    document.body.appendChild(p);
  });
})();
