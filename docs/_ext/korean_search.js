/* The book's ranking and snippets for Sphinx's searchtools.js (docs/_ext/korean_search.js).
 * korean_search.py appends this to language_data.js, which the search page loads right after
 * searchtools.js, and fills in the glossary's terms below. */
if (typeof Search !== "undefined") (() => {
  // Per glossary term: for each of its names, the stems a query for it has; and its page.
  const terms = GLOSSARY_TERMS;
  const stemmer = new Stemmer();
  const stems = (text) =>
    splitQuery(text.toLowerCase())
      .filter((word) => !stopwords.has(word) && !/^\d+$/.test(word))
      .map((word) => stemmer.stemWord(word));
  const says = (words, name) => name.every((word) => words.has(word));
  const namesSaid = (words) =>
    terms.filter((term) => term.names.some((name) => says(words, name)));

  // A page's title words, and every name of each glossary term the title says (the page
  // titled "Loss Function" is titled 손실 함수 as well).
  const titleWords = new Map();
  const wordsOfTitle = (docname) => {
    if (!titleWords.has(docname)) {
      const index = Search._index;
      const words = new Set(stems(index.titles[index.docnames.indexOf(docname)] || ""));
      namesSaid(words).forEach((term) => term.names.flat().forEach((w) => words.add(w)));
      titleWords.set(docname, words);
    }
    return titleWords.get(docname);
  };

  // Scorer.score sees one result at a time, not the query: keep the query's stems here.
  let query = [];
  const performSearch = Search._performSearch;
  Search._performSearch = (text, searchTerms, ...rest) => {
    query = [...searchTerms];
    return performSearch(text, searchTerms, ...rest);
  };

  // Sphinx gives a word in any section title of a page 15 and an API entry up to 26, so the
  // API entries dlbasics.plot.adam and dlbasics.optim.Adam came before the page "2014 Adam".
  // A page (not an API or index entry) whose own title says every query word comes first;
  // the page the glossary names for the term the query is comes next.
  Scorer.pageTitle = 100;
  Scorer.glossaryPage = 50;
  Scorer.score = ([docname, , , , score, , kind]) => {
    const page = kind === SearchResultKind.text || kind === SearchResultKind.title;
    if (!page || !query.length) return score;
    const asked = new Set(query);
    if (query.every((word) => wordsOfTitle(docname).has(word))) score += Scorer.pageTitle;
    const defined = terms.some(
      (term) =>
        term.home === docname
        && term.names.some((name) => name.length === asked.size && says(asked, name)),
    );
    return defined ? score + Scorer.glossaryPage : score;
  };

  // Snippets from the article: the theme's buttons ("System Settings Light Dark") are inside
  // [role=main] too, where Sphinx takes its text from.
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (html, anchor) => {
    const article = new DOMParser()
      .parseFromString(html, "text/html")
      .querySelector("article.bd-article");
    if (!article) return htmlToText(html, anchor);
    article.querySelectorAll(".headerlink, script, style").forEach((el) => el.remove());
    const id = anchor ? decodeURIComponent(anchor.slice(1)) : "";
    const part = (id && article.querySelector(`#${CSS.escape(id)}`)) || article;
    return part.textContent.replace(/\s+/g, " ").trim();
  };

  // A page found through a synonym may not say the query's word: centre its snippet on
  // another name of the term. Sphinx centres on the last keyword found, so the query's own
  // words go last and win where the page has them.
  const makeSearchSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (html, keywords, anchor) => {
    const asked = new Set(keywords);
    const others = namesSaid(asked)
      .flatMap((term) => term.names.flat())
      .filter((word) => !asked.has(word));
    return makeSearchSummary(html, [...new Set(others), ...asked], anchor);
  };
})();
