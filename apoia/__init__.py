"""Apoia: apoio técnico e cooperação do Estado com municípios e sociedade civil."""
