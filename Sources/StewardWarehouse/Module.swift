// Module StewardWarehouse.
