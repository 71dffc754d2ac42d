"""Sphinx configuration of the manila_locks release notes (reno).

Build with ``tox -e releasenotes``; warnings are errors. Notes live in
releasenotes/notes, one file per user-visible change (``reno new <slug>``).
"""
import openstackdocstheme  # noqa: F401  (registers the theme)

extensions = ['reno.sphinxext', 'openstackdocstheme']

html_theme = 'openstackdocs'
openstackdocs_repo_name = 'manila-locks/manila_locks'
openstackdocs_use_storyboard = False
openstackdocs_auto_name = False

project = 'manila_locks Release Notes'
copyright = 'manila_locks engineers'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = []
pygments_style = 'native'
version = ''
release = ''
