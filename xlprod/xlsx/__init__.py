"""The only package that imports openpyxl: writing layouts, reading workbooks."""
