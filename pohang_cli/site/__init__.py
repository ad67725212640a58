"""`pohang site`: a static site of the database for citizens and the press, in Korean and English.

- words.py: the site's own words, marked for the catalogue;
- content.py: what the site shows, gathered once (the report's content, explanations, changes);
- layout.py: the frame of every page, and where each page and data file lives;
- pages.py, indicator_page.py: the pages;
- downloads.py: the data at stable addresses; feed.py: the Atom feeds and the sitemap;
- build.py: every file of a build, and its manifest; output.py: writing them into the folder.
"""
