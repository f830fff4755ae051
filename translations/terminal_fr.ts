<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>perso::terminal::app::PinPadWindow</name>
    <message>
        <source>Tamper switch</source>
        <translation>Contact d'effraction</translation>
    </message>
    <message>
        <source>Trigger the tamper sensor? The terminal erases every key and stays marked as tampered.</source>
        <translation>Déclencher le capteur d'effraction ? Le terminal efface toutes les clés et reste marqué comme forcé.</translation>
    </message>
    <message>
        <source>In the slot: %1 card %2</source>
        <translation>Dans le lecteur : carte %1 %2</translation>
    </message>
    <message>
        <source>The slot is empty</source>
        <translation>Le lecteur est vide</translation>
    </message>
    <message>
        <source>vpcd: connected (reader shows the terminal)</source>
        <translation>vpcd : connecté (le lecteur présente le terminal)</translation>
    </message>
    <message>
        <source>vpcd: not connected (waiting for pcscd)</source>
        <translation>vpcd : non connecté (attente de pcscd)</translation>
    </message>
    <message>
        <source>Cannot insert: %1</source>
        <translation>Insertion impossible : %1</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Secure terminal</source>
        <translation>Terminal sécurisé</translation>
    </message>
    <message>
        <source>PIN pad</source>
        <translation>Clavier PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Corriger</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Card tray</source>
        <translation>Stock de cartes</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Insérer</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Tamper switch…</source>
        <translation>Contact d'effraction…</translation>
    </message>
</context>
<context>
    <name>SecureTerminal</name>
    <message>
        <source>Retail perso</source>
        <translation>Retail perso</translation>
    </message>
    <message>
        <source>Insert retailer card</source>
        <translation>Insérer carte vend.</translation>
    </message>
    <message>
        <source>Sign-on</source>
        <translation>Connexion</translation>
    </message>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>%n essai restant</numerusform>
            <numerusform>%n essais restants</numerusform>
        </translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Carte bloquée</translation>
    </message>
    <message>
        <source>Call the issuer</source>
        <translation>Appeler l'émetteur</translation>
    </message>
    <message>
        <source>Card error</source>
        <translation>Erreur carte</translation>
    </message>
    <message>
        <source>Check the card</source>
        <translation>Vérifier la carte</translation>
    </message>
    <message>
        <source>Signing on</source>
        <translation>Connexion...</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Patientez</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Remove retailer card</source>
        <translation>Retirer carte vend.</translation>
    </message>
    <message>
        <source>Insert customer card</source>
        <translation>Insérer carte client</translation>
    </message>
    <message>
        <source>Card ready</source>
        <translation>Carte prête</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Étape %1 sur %2</translation>
    </message>
    <message>
        <source>PIN too simple</source>
        <translation>PIN trop simple</translation>
    </message>
    <message>
        <source>Choose another</source>
        <translation>Choisir un autre</translation>
    </message>
    <message>
        <source>PINs differ</source>
        <translation>PIN différents</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Time out</source>
        <translation>Délai dépassé</translation>
    </message>
    <message>
        <source>Entry stopped</source>
        <translation>Saisie arrêtée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Remove the card</source>
        <translation>Retirer la carte</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Card removed</source>
        <translation>Carte retirée</translation>
    </message>
    <message>
        <source>Keys erased</source>
        <translation>Clés effacées</translation>
    </message>
    <message>
        <source>Security error</source>
        <translation>Erreur de sécurité</translation>
    </message>
    <message>
        <source>Sign on again</source>
        <translation>Reconnectez-vous</translation>
    </message>
    <message>
        <source>TAMPER DETECTED</source>
        <translation>EFFRACTION !</translation>
    </message>
    <message>
        <source>Retailer PIN:</source>
        <translation>PIN vendeur :</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>PIN erroné</translation>
    </message>
    <message>
        <source>Personalising</source>
        <translation>Personnalisation</translation>
    </message>
    <message>
        <source>Repeat PUK2:</source>
        <translation>Répéter PUK2 :</translation>
    </message>
    <message>
        <source>Repeat PUK:</source>
        <translation>Répéter PUK :</translation>
    </message>
    <message>
        <source>Repeat PIN2:</source>
        <translation>Répéter PIN2 :</translation>
    </message>
    <message>
        <source>Repeat PIN:</source>
        <translation>Répéter PIN :</translation>
    </message>
    <message>
        <source>New PUK2:</source>
        <translation>Nouveau PUK2 :</translation>
    </message>
    <message>
        <source>New PUK:</source>
        <translation>Nouveau PUK :</translation>
    </message>
    <message>
        <source>New PIN2:</source>
        <translation>Nouveau PIN2 :</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>Nouveau PIN :</translation>
    </message>
</context>
</TS>
