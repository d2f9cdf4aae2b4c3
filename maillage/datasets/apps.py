from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    """Deterministic synthetic datasets (``generate_dataset``) for the benchmark. No models."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "maillage.datasets"
    verbose_name = "Jeux de données de test de charge"
