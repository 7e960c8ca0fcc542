"""Text from outside as an editor or a link may give it: addresses, markdown and formulas (tests/fixtures/markdown_app
shows them, tests/test_safe_text_browser.py reads what the browser made of them)."""
TYPED = ['=HYPERLINK("http://elders.invalid","klik")', "https://elders.invalid/rapport.pdf", "www.elders.invalid",
         "Zie WWW.elders.invalid of mail@elders.invalid", "mailto:mail@elders.invalid", "<https://elders.invalid>",
         "[klik](https://elders.invalid) ![](https://elders.invalid/p.png)", "**vet** _schuin_ `code` :red[x]"]
