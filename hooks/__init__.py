"""Standalone pre-commit hooks of flake8-streamlit-security.

Installed as the import package ``streamlit_security_hooks`` (``package_dir``
in setup.cfg), so the generic folder name ``hooks`` never clashes with another
distribution.  One module per hook, each with ``main(argv) -> int``:

- :mod:`.check_gitignore` -- ``check-streamlit-gitignore`` (STS901-STS903)
- :mod:`.check_secrets` -- ``check-streamlit-secrets`` (STS910-STS915)
- :mod:`.check_config` -- ``check-streamlit-config`` (STS801-STS810)

and one module per job they share:

- :mod:`.cli` -- command line, output, exit codes
- :mod:`.git` -- the git commands they run
- :mod:`.files` -- reading files (FIFOs, devices, encodings) and naming them
- :mod:`.streamlit_dirs` -- walking the work tree, finding ``.streamlit`` folders
- :mod:`.tomlfile` -- loading TOML (STS910), locating keys
"""
