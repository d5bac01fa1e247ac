"""Standalone pre-commit hooks of flake8-streamlit-security.

Installed as the import package ``streamlit_security_hooks`` (``package_dir``
in setup.cfg), so the generic folder name ``hooks`` never clashes with another
distribution.  One module per hook, each with ``main(argv) -> int``:

- :mod:`.check_gitignore` -- ``check-streamlit-gitignore`` (STS901-STS903)
- :mod:`.check_secrets` -- ``check-streamlit-secrets`` (STS910-STS915)
- :mod:`.check_config` -- ``check-streamlit-config`` (STS801-STS810)
"""
