"""The royalties kind (contrôle de la répartition des recettes, RNPP and waterfall)."""
