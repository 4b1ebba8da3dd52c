// Module StewardReconciler.
