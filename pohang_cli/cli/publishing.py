"""The publishing command: `pohang site`, a static site for citizens and the press."""

from pathlib import Path
from typing import Annotated

import typer

from pohang_cli.cli.common import app, as_of_date, given_before, handle_errors, make_output, open_database
from pohang_cli.cli.options import AsOfOption, DbOption, LangOption, QuietOption
from pohang_cli.errors import InputError
from pohang_cli.i18n import LANGUAGES, N_, _


def _languages(lang: str | None) -> tuple[str, ...]:
    """Both languages (Korean first) unless `--lang` names one."""
    chosen = lang if lang is not None else given_before().lang
    if chosen is None or not chosen.strip():
        return ("ko", "en")
    chosen = chosen.strip().lower()
    if chosen not in LANGUAGES:
        raise InputError(_("unknown language '{lang}'; use ko or en").format(lang=chosen))
    return (chosen,)


def _base_url(text: str | None) -> str | None:
    if text is None:
        return None
    url = text.strip()
    if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
        raise InputError(
            _("--base-url must be the site's address, e.g. --base-url https://example.org/pohang/, not '{url}'").format(
                url=text
            )
        )
    return url if url.endswith("/") else url + "/"


@app.command()
@handle_errors
def site(
    output_dir: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="DIR", help=N_("Folder to write the site in (created when missing).")),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help=N_("The address the site is served from: adds sitemap.xml, og:url and absolute feed links."),
            show_default=False,
        ),
    ] = None,
    if_changed: Annotated[
        bool,
        typer.Option(
            "--if-changed",
            help=N_("Write nothing when the log head and the as-of date are those the site was built from."),
        ),
    ] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write a static site: a page per sector and indicator, milestones, coverage, method, changes and data.

    Korean at the top of DIR, English under en/ (--lang ko or en builds one), with the data of every
    indicator at data/ID.csv and data/ID.json, the whole database at data/pohang.xlsx and data/pohang.zip,
    an Atom feed per language, and the manifest data/index.json. Only the files of the last build are
    replaced or removed; other files in DIR (.git, CNAME) are left alone. The same database and as-of
    date give the same bytes. Prints DIR on stdout.

    \b
    Examples:
      pohang site -o public
      pohang site -o public --base-url https://example.org/pohang/
      pohang site -o public --if-changed -q
      python -m http.server -d public
    """
    from pohang_cli.site.build import build, built_from
    from pohang_cli.site.content import gather
    from pohang_cli.site.layout import Frame
    from pohang_cli.site.output import is_up_to_date, write_site

    languages = _languages(lang)
    output = make_output("tsv", lang, "never", None, quiet)
    frame = Frame(languages, _base_url(base_url))
    today = as_of_date(as_of)
    database = open_database(db, output)
    # The head first: a write between the two reads leaves the manifest naming an older head, so the next
    # --if-changed builds again rather than missing the write.
    head = database.log_head()
    if head.hash is None and head.id is not None:
        from pohang_cli.storage import head_hash

        head = head._replace(hash=head_hash(database))  # a log older than the chain: its head's hash is derived
    if if_changed and is_up_to_date(output_dir, built_from(head, today, frame)):
        output.note(
            _("the site in {dir} is up to date (log #{seq}, as of {as_of}); nothing written").format(
                dir=output_dir, seq=head.seq, as_of=today.isoformat()
            )
        )
        return
    data = database.read()
    content = gather(data, today, database.history(), head)
    built = build(data, content, frame)
    write_site(output_dir, built)
    output.line(str(output_dir))
    output.note(
        _("wrote the site: {pages} page(s), {data} data file(s), as of {as_of} to {dir}").format(
            pages=built.pages, data=built.data_files, as_of=today.isoformat(), dir=output_dir
        )
    )
