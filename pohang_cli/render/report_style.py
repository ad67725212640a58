"""The HTML report's style sheet: the colours of each status (which the workbook's fills read), the print layout.

Status colours follow SDG dashboards' traffic lights for the verdicts; the statuses that are no verdict
(methodology §8.1) are blue, purple or grey, never a verdict's colour.
"""

STYLE = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;
--achieved:#116329;--on-track:#1a7f37;--behind:#9a6700;--off-track:#bc4c00;--regressing:#cf222e;
--missed:#82071e;--pending-final:#0550ae;--insufficient:#6639ba;--not-judged:#57606a;--no-data:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;line-height:1.5;font-size:15px;
font-family:system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",
"Noto Sans KR","NanumGothic","Nanum Gothic",Roboto,"Helvetica Neue",Arial,sans-serif;
word-break:keep-all;overflow-wrap:anywhere}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .4rem}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.08rem;margin:1.6rem 0 .4rem}
p{margin:.4rem 0}
a{color:var(--accent)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0 0;color:var(--muted)}
.meta dt{font-weight:600;color:var(--ink)}.meta dd{margin:0}
.muted{color:var(--muted)}.small{font-size:.86em}
nav ol{margin:.3rem 0;padding-left:1.4rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:normal}
td{min-width:4.5em}
td.wide{min-width:11em}
th{background:var(--soft);font-weight:600;white-space:nowrap}
tr.group th{background:#fff;padding-top:.8rem;border-bottom:1px solid var(--ink)}
td.num{text-align:right;white-space:nowrap}
td.name{white-space:nowrap}
td .sub{display:block;color:var(--muted);font-size:.85em;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;color:#fff;font-size:.85em;font-weight:600;
white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge.achieved{background:var(--achieved)}.badge.on-track{background:var(--on-track)}
.badge.behind{background:var(--behind)}.badge.off-track{background:var(--off-track)}
.badge.regressing{background:var(--regressing)}.badge.missed{background:var(--missed)}
.badge.pending-final{background:var(--pending-final)}.badge.insufficient{background:var(--insufficient)}
.badge.not-judged{background:var(--not-judged)}.badge.no-data{background:var(--no-data)}
.badge.no-target{background:var(--no-data)}
.badge.ms{background:#fff;color:var(--ink);border:1px solid var(--line)}
.badge.ms.done,.badge.ms.partial{border-color:var(--achieved);color:var(--achieved)}
.badge.ms.in-progress{border-color:var(--accent);color:var(--accent)}
.badge.ms.on-hold{border-color:var(--behind);color:var(--behind)}
.badge.ms.cancelled,.badge.ms.unknown{color:var(--muted)}
.badge.late{background:var(--regressing)}
.rollup{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center;color:var(--muted)}
article.indicator{margin:1.2rem 0 1.8rem}
article.indicator h3{margin-bottom:.1rem}
figure{margin:.6rem 0;padding:.6rem .6rem .3rem;border:1px solid var(--line);border-radius:8px;max-width:760px}
.chart{display:block;width:100%;height:auto}
.chart text{font-size:12px;fill:var(--muted)}
.chart .ylabel{text-anchor:end}.chart .xlabel{text-anchor:middle}
.chart .grid line{stroke:#e6eaef;stroke-width:1}
.chart .frame{fill:none;stroke:#c5ccd3}
.chart .target-label{fill:var(--ink);font-weight:600}
svg .required{fill:none;stroke:#8c959f;stroke-width:1.6;stroke-dasharray:6 4}
svg .projection{fill:none;stroke:var(--off-track);stroke-width:2;stroke-dasharray:2 3}
svg polyline.actual,svg line.actual{fill:none;stroke:var(--accent);stroke-width:2.2;stroke-linejoin:round}
svg circle.actual{fill:var(--accent);stroke:#fff;stroke-width:1}
svg circle.provisional{fill:#fff;stroke:var(--accent);stroke-width:2}
svg .baseline{fill:var(--ink)}
svg .target{stroke:#fff;stroke-width:1}
svg .target.achieved{fill:var(--achieved)}svg .target.on-track{fill:var(--on-track)}
svg .target.behind{fill:var(--behind)}svg .target.off-track{fill:var(--off-track)}
svg .target.regressing{fill:var(--regressing)}svg .target.missed{fill:var(--missed)}
svg .target.pending-final{fill:var(--pending-final)}svg .target.insufficient{fill:var(--insufficient)}
svg .target.not-judged{fill:var(--not-judged)}svg .target.no-data{fill:var(--no-data)}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;margin:.2rem 0 0;padding:0;font-size:.82rem;
color:var(--muted)}
.legend li{display:flex;align-items:center;gap:.3rem}
ol.timeline{list-style:none;margin:.4rem 0;padding:0;border-left:2px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 .7rem;padding-left:1rem}
ol.timeline li::before{content:"";position:absolute;left:-6px;top:.5rem;width:10px;height:10px;border-radius:50%;
background:#fff;border:2px solid var(--line)}
ol.timeline li.done::before,ol.timeline li.partial::before{background:var(--achieved);border-color:var(--achieved)}
ol.timeline li.overdue::before{background:var(--regressing);border-color:var(--regressing)}
.when{font-variant-numeric:tabular-nums;font-weight:600;margin-right:.4rem;white-space:nowrap}
.nw{white-space:nowrap}
ol.timeline .sub{display:block;color:var(--muted)}
ul.notes{margin:.1rem 0 .6rem;padding-left:1.2rem;color:var(--muted)}
dl.legend-list{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.88rem;margin:.4rem 0}
dl.legend-list dt{font-weight:600}dl.legend-list dd{margin:0;color:var(--muted)}
.method{margin-top:1.4rem;padding:.6rem .8rem;background:var(--soft);border-radius:6px;font-size:.88rem}
footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:640px){
body{font-size:14px}main{padding:14px 12px 32px}h1{font-size:1.35rem}h2{font-size:1.18rem}
table{font-size:.84rem}th,td{padding:.3rem .4rem}figure{padding:.3rem}
.chart text{font-size:16px}
}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{font-size:10pt}main{max-width:none;padding:0}
h2{margin-top:0}
section.sector{break-before:page;page-break-before:always}
article.indicator,figure,tr,ol.timeline li{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}
.scroll{overflow:visible}
table{font-size:8.5pt}
figure{max-width:135mm}
a{color:var(--ink);text-decoration:none}
a.src::after{content:" <" attr(href) ">";color:var(--muted);font-size:7.5pt;word-break:break-all}
nav{display:none}
}
"""
