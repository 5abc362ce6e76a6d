#!/bin/sh
# make-certs.sh DIR: the certificates of test-engine.c's TLS cases, made fresh at each run (nothing
# secret or expiring is kept in the tree). P-256 keys, valid two days.
#
#   ca.pem, ca-key.pem                  the engine's CA ("dockerd --tlscacert")
#   server-cert.pem, server-key.pem     the engine's certificate: 127.0.0.1 and localhost
#   cert.pem, key.pem                   a client certificate from that CA (~/.docker/*.pem)
#   wrongname-cert.pem, -key.pem        from that CA, for elsewhere.invalid only
#   other-ca.pem, other-ca-key.pem      another CA
#   other-server-cert.pem, -key.pem     127.0.0.1, from the other CA
#   other-cert.pem, other-key.pem       a client certificate from the other CA
set -eu
dir=$1
cd "$dir"

ca() { # NAME SUBJECT
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$2" -keyout "$1-key.pem" -out "$1.pem" 2>/dev/null
}

leaf() { # CA OUT-CERT OUT-KEY SUBJECT EXTENSIONS
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$4" \
		-keyout "$3" -out leaf.csr 2>/dev/null
	printf '%s\n' "basicConstraints=CA:FALSE" "$5" >leaf.ext
	openssl x509 -req -in leaf.csr -CA "$1.pem" -CAkey "$1-key.pem" -set_serial "0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
		-days 2 -extfile leaf.ext -out "$2" 2>/dev/null
	rm -f leaf.csr leaf.ext
}

ca ca "dockward test CA"
ca other-ca "some other CA"
leaf ca server-cert.pem server-key.pem 127.0.0.1 \
	"subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
leaf ca cert.pem key.pem client "extendedKeyUsage=clientAuth"
leaf ca wrongname-cert.pem wrongname-key.pem elsewhere.invalid \
	"subjectAltName=DNS:elsewhere.invalid
extendedKeyUsage=serverAuth"
leaf other-ca other-server-cert.pem other-server-key.pem 127.0.0.1 \
	"subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth"
leaf other-ca other-cert.pem other-key.pem client "extendedKeyUsage=clientAuth"
