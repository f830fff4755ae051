# SPDX-License-Identifier: Apache-2.0
# The example retailer: what `scripts/package.sh station installer/station/retailers/example.cmake`
# bakes into the station package (/etc/retail-perso/station.json and /etc/retail-perso/issuer-ca.pem).
#
# For your own shops, copy this file to <your retailer>.cmake and set:
#   PERSO_RETAILER_ID         the retailer's id at the issuer (<= 32 of A-Z a-z 0-9 . _ -)
#   PERSO_ISSUER_HOST         the issuer's address as the shop PCs reach it
#   PERSO_ISSUER_PORT         the issuer's TLS port (1..65535)
#   PERSO_ISSUER_SERVER_NAME  optional: the name in the issuer's certificate (default: the host)
#   PERSO_ISSUER_CA           the issuer's CA certificate (PEM), relative to this file.
# README: replace example-ca.pem with YOUR issuer's $PERSO_ISSUER_HOME/ca/ca.cert.pem (the certificate
# only, never ca.key.pem). The stations pin it: they trust no other CA.
set(PERSO_RETAILER_ID "example")
set(PERSO_ISSUER_HOST "issuer.example.net")
set(PERSO_ISSUER_PORT 7443)
set(PERSO_ISSUER_SERVER_NAME "issuer.example.net")
set(PERSO_ISSUER_CA "example-ca.pem")
