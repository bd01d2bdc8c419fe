<?php
// As the official image's index.php: Adminer, with ADMINER_DEFAULT_SERVER (default `db`) filled
// in the login form's server field.
function adminer_object() {
    class NivelAdminer extends Adminer {
        function loginForm() {
            ob_start();
            $result = parent::loginForm();
            $form = ob_get_clean();
            $server = getenv('ADMINER_DEFAULT_SERVER') ?: 'db';
            echo str_replace('name="auth[server]" value=""', 'name="auth[server]" value="' . htmlspecialchars($server) . '"', $form);
            return $result;
        }
    }
    return new NivelAdminer;
}
include __DIR__ . '/adminer.php';
