"""The only package that imports peewee: connection, tables, migrations and queries."""
