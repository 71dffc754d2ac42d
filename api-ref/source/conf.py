"""Sphinx configuration of the manila_locks API reference (os-api-ref).

Build with ``tox -e api-ref``; warnings are errors, so every parameter
named in an .inc file must exist in parameters.yaml, in sorted order.
"""
import openstackdocstheme  # noqa: F401  (registers the theme)

extensions = ['os_api_ref', 'openstackdocstheme']

html_theme = 'openstackdocs'
html_theme_options = {'sidebar_mode': 'toc'}

openstackdocs_repo_name = 'manila-locks/manila_locks'
openstackdocs_use_storyboard = False
openstackdocs_auto_name = False

project = 'manila_locks API Reference'
copyright = 'manila_locks engineers'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = []
pygments_style = 'native'
add_module_names = False
show_authors = False
