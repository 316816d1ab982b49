try {} catch (e) {} catch (f) {}
