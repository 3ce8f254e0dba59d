"""Numbers people read (`{% load formatting %}`): `cpf`, `cnpj`, `cpf_cnpj` and `phone`.

Kept with the site shell's tags so every app's templates, the receipt PDF included, can load
them; the formatting itself is apoia.lib.formatting, which the spreadsheets use as well.
"""

from django import template

from apoia.lib.formatting import format_cnpj, format_cpf, format_document, format_phone

register = template.Library()

register.filter("cpf", format_cpf, is_safe=True)
register.filter("cnpj", format_cnpj, is_safe=True)
register.filter("cpf_cnpj", format_document, is_safe=True)
register.filter("phone", format_phone, is_safe=True)
