"""Words of the public site, in English marked for the catalogue (the report's and the tables' are reused)."""

from __future__ import annotations

from pohang_cli.i18n import NC_, Labels

SITE_WORDS = Labels(
    "site",
    {
        "site_title": NC_("site", "Pohang's five new-growth industries: is the city on track?"),
        "site_description": NC_(
            "site",
            "Targets, actuals and milestones of Pohang's five new-growth industries, judged as of {as_of}, "
            "with the data behind every chart.",
        ),
        "language_switch": NC_("site", "한국어"),
        "skip": NC_("site", "Skip to the content"),
        "home": NC_("site", "Home"),
        "sectors": NC_("site", "Sectors"),
        "milestones": NC_("site", "Milestones"),
        "coverage": NC_("site", "Data coverage"),
        "method": NC_("site", "Method"),
        "changes": NC_("site", "Changes"),
        "feed": NC_("site", "Atom feed of the changes"),
        "main_menu": NC_("site", "Main menu"),
        "as_of": NC_("site", "Judged as of {as_of}"),
        "judged_sentence": NC_(
            "site",
            "On {as_of}, {judged} of {total} targets can be judged. The others cannot yet: {reasons}.",
        ),
        "judged_none": NC_("site", "On {as_of}, none of the {total} targets can be judged: {reasons}."),
        # Each reason in two forms, for one target (`_one`) and for more: the sentence reads right alone.
        "reason_no_data": NC_("site", "{count} have no actual yet"),
        "reason_no_data_one": NC_("site", "{count} has no actual yet"),
        "reason_insufficient": NC_("site", "{count} rest on an old or only provisional figure"),
        "reason_insufficient_one": NC_("site", "{count} rests on an old or only provisional figure"),
        "reason_pending": NC_("site", "{count} await the final figure of their deadline"),
        "reason_pending_one": NC_("site", "{count} awaits the final figure of its deadline"),
        "reason_not_judged": NC_("site", "{count} have no baseline to measure progress from"),
        "reason_not_judged_one": NC_("site", "{count} has no baseline to measure progress from"),
        "latest_changes": NC_("site", "Latest changes"),
        "all_changes": NC_("site", "All changes"),
        "no_changes": NC_("site", "No change has been recorded in the database's log."),
        "log_head": NC_(
            "site",
            "Head of the database's log: {hash}. Whoever holds the database can check that its history still "
            "contains this entry with `pohang doctor --head {hash}`.",
        ),
        "sector_indicators": NC_("site", "Indicators"),
        "indicator_targets": NC_("site", "Targets"),
        "actuals": NC_("site", "Every actual"),
        "vintage": NC_("site", "earlier value"),
        "reported": NC_("site", "Reported"),
        "explanation": NC_("site", "How this status was reached"),
        "metadata": NC_("site", "About this indicator"),
        "unit": NC_("site", "Unit"),
        "basis": NC_("site", "Basis"),
        "frequency": NC_("site", "Frequency"),
        "owner": NC_("site", "Supplied by"),
        "next_expected": NC_("site", "Next figure expected"),
        "notes": NC_("site", "Notes"),
        "downloads": NC_("site", "Download the data"),
        "download_csv": NC_("site", "actuals (CSV)"),
        "download_json": NC_("site", "indicator, targets and actuals (JSON)"),
        "download_xlsx": NC_("site", "whole database (Excel workbook)"),
        "download_zip": NC_("site", "whole database (CSV files, zip)"),
        "downloads_note": NC_(
            "site", "The files have the columns of `pohang export`, so `pohang import` reads them back."
        ),
        "revisions": NC_("site", "Revisions"),
        "chart_summary": NC_(
            "site", "{name}: {count} actual(s), latest {latest} ({when}); the table below lists every value."
        ),
        "chart_summary_empty": NC_("site", "{name}: no actual yet."),
        "timeline_intro": NC_("site", "Overdue and soon-due milestones first, then the rest by date."),
        "coverage_intro": NC_(
            "site",
            "Which targets the figures can judge today, and how old each indicator's latest figure is. A "
            "figure is late from the month its next one was expected.",
        ),
        "judged": NC_("site", "Judged"),
        "latest_figure": NC_("site", "Latest figure"),
        "age": NC_("site", "Age"),
        "age_months": NC_("site", "{months} month(s)"),
        "late_figure": NC_("site", "late"),
        "late_owners": NC_("site", "Late figures by supplier"),
        "no_late": NC_("site", "No figure is late."),
        "unknown_owner": NC_("site", "supplier not recorded"),
        "method_intro": NC_(
            "site",
            "Each target is compared with its baseline and its latest actual, as statistics offices track "
            "the Sustainable Development Goals. Where the evidence is too weak for a verdict, the status "
            "says so instead.",
        ),
        "thresholds": NC_("site", "Thresholds of the pace ratio"),
        "statuses": NC_("site", "Statuses"),
        "flags": NC_("site", "Flags"),
        "changes_intro": NC_("site", "What changed in the database, newest first: the latest {count} changed records."),
        "kind": NC_("site", "Kind"),
        "record": NC_("site", "Record"),
        "action": NC_("site", "Action"),
        "date": NC_("site", "Date"),
        "summary": NC_("site", "Summary"),
        "added": NC_("site", "added"),
        "changed": NC_("site", "changed"),
        "removed": NC_("site", "removed"),
        "status": NC_("site", "status changed"),
        "kind_sectors": NC_("site", "sector"),
        "kind_indicators": NC_("site", "indicator"),
        "kind_targets": NC_("site", "target"),
        "kind_observations": NC_("site", "actual"),
        "kind_milestones": NC_("site", "milestone"),
        "kind_assessments": NC_("site", "assessment"),
        "feed_title": NC_("site", "Changes to Pohang's five new-growth industries"),
        "made_with": NC_("site", "Made with pohang from its database, judged as of {as_of}."),
    },
)


def site_word(lang: str, key: str, **values: object) -> str:
    """The site phrase `key` in `lang`, with `values` filled in."""
    return SITE_WORDS[lang][key].format(**values)
