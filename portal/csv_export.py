"""CSV downloads that spreadsheet programs open correctly: UTF-8 with a byte-order mark, which
Excel and LibreOffice take as the sign of UTF-8 (without it Excel reads Cyrillic as mojibake)."""

import csv

from django.http import HttpResponse

BOM = "\ufeff"


def csv_response(filename: str, header: list, rows, no_store: bool = False) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if no_store:
        response["Cache-Control"] = "no-store"
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
