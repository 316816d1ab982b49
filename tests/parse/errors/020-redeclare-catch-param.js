try {} catch (err) { let err }
