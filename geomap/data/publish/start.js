GeomapSite.start("map");
