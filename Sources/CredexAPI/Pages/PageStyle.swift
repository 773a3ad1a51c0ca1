/// The pages' one stylesheet, served as `/static/credex.css`. Colours meet WCAG AA against their
/// backgrounds (body text 16:1, links and outcome colours above 6:1); focus is a thick outline;
/// every outcome also has a symbol and a word, so colour is never the only signal. In print
/// (a report saved as PDF through the browser) navigation, forms and the skip link are hidden.
enum PageStyle {
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: #1b1b1b; background: #fff; }
        a { color: #0b4ea2; }
        a:visited { color: #5a2a8a; }
        :focus-visible { outline: 3px solid #0b4ea2; outline-offset: 2px; }
        .skip-link { position: absolute; left: -10000px; top: 0; background: #fff; color: #0b4ea2;
          padding: .5rem 1rem; }
        .skip-link:focus { left: 1rem; z-index: 10; }
        .site-header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem 1rem;
          background: #f2f4f7; border-bottom: 1px solid #8a94a6; }
        .site-header ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
        .brand { margin: 0; font-weight: 700; }
        .sign-out { margin-left: auto; }
        main { max-width: 72rem; padding: 1rem; }
        main:focus { outline: none; }
        .site-footer { padding: 1rem; color: #3d4350; border-top: 1px solid #8a94a6; }
        table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
        th, td { border: 1px solid #8a94a6; padding: .35rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #f2f4f7; }
        caption { text-align: left; color: #3d4350; }
        label { font-weight: 600; margin-right: .5rem; }
        input, select, textarea, button { font: inherit; }
        input, select, textarea { border: 1px solid #5b6475; padding: .25rem .4rem; }
        button { background: #0b4ea2; color: #fff; border: 2px solid #0b4ea2; padding: .35rem 1rem; cursor: pointer; }
        button:hover { background: #083b7a; }
        .filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: end; }
        .stacked label, .filters label { display: block; }
        .help { color: #3d4350; font-size: .9rem; }
        .error { border: 2px solid #a4161a; background: #fdf0f0; color: #1b1b1b; padding: .5rem 1rem; }
        .outcome-pass { color: #1e6b2e; }
        .outcome-fail { color: #a4161a; }
        .outcome-unknown { color: #6b4e00; }
        .symbol { font-weight: 700; }
        .unknown { color: #3d4350; font-style: italic; }
        .source { color: #3d4350; font-size: .9rem; }
        .level-statement { font-weight: 700; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.fields dt { font-weight: 600; }
        dl.fields dd { margin: 0; }
        pre { overflow-x: auto; background: #f6f8fa; padding: 1rem; border: 1px solid #8a94a6; }
        code { overflow-wrap: anywhere; }
        fieldset { border: 1px solid #8a94a6; }
        @media print {
          .site-header nav, .sign-out, .skip-link, .no-print, form, .site-footer { display: none !important; }
          body { font-size: 11pt; }
          a { color: #000; text-decoration: none; }
          details > pre { display: none; }
          table { page-break-inside: auto; }
          tr { page-break-inside: avoid; }
        }
        """
}
