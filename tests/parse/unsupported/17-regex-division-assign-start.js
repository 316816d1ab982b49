const re = /=/
