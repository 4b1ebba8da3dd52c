// Module StewardStore.
