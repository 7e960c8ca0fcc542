"""The ground of the app: texts in Dutch and English, number and date formats, formula-safe table files.

Every layer may import it; it imports nothing of the app but `yamlfile`.
"""
