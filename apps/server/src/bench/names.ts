/** pt-BR words the benchmark generator draws from: names with a realistic spread, places, companies, products. */

/** First names; the person's gender picks the honorific. */
export const femaleNames = [
  'Ana', 'Maria', 'Juliana', 'Fernanda', 'Patrícia', 'Aline', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia',
  'Beatriz', 'Larissa', 'Gabriela', 'Mariana', 'Vanessa', 'Carolina', 'Natália', 'Isabela', 'Luana', 'Tatiane', 'Daniela',
  'Débora', 'Renata', 'Priscila', 'Sofia', 'Helena', 'Valentina', 'Laura', 'Alice', 'Manuela', 'Lívia', 'Eduarda', 'Rafaela',
  'Cláudia', 'Sandra', 'Simone', 'Luciana', 'Adriana',
];

export const maleNames = [
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos', 'Luís', 'Gabriel', 'Rafael',
  'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo', 'Gustavo', 'Thiago', 'Diego', 'Leonardo',
  'Matheus', 'Guilherme', 'Henrique', 'Vinícius', 'Fábio', 'André', 'Ricardo', 'Sérgio', 'Otávio', 'Caio', 'Arthur',
  'Heitor', 'Bernardo', 'Davi', 'Samuel', 'Wagner',
];

/** Surnames with rough weights (Silva is far more common than Barros), so equality filters hit lists of very different sizes. */
export const surnames: Array<[string, number]> = [
  ['Silva', 90], ['Santos', 60], ['Oliveira', 45], ['Souza', 42], ['Rodrigues', 30], ['Ferreira', 29], ['Alves', 28],
  ['Pereira', 27], ['Lima', 26], ['Gomes', 24], ['Costa', 22], ['Ribeiro', 21], ['Martins', 20], ['Carvalho', 19],
  ['Almeida', 18], ['Lopes', 17], ['Soares', 16], ['Fernandes', 15], ['Vieira', 14], ['Barbosa', 14], ['Rocha', 13],
  ['Dias', 13], ['Nascimento', 12], ['Andrade', 12], ['Moreira', 11], ['Nunes', 11], ['Marques', 10], ['Machado', 10],
  ['Mendes', 10], ['Freitas', 9], ['Cardoso', 9], ['Ramos', 9], ['Gonçalves', 9], ['Santana', 8], ['Teixeira', 8],
  ['Araújo', 8], ['Monteiro', 7], ['Cavalcanti', 7], ['Pinto', 7], ['Correia', 7], ['Barros', 6], ['Moura', 6],
  ['Campos', 6], ['Cunha', 6], ['Castro', 6], ['Azevedo', 5], ['Borges', 5], ['Duarte', 5], ['Reis', 5], ['Batista', 5],
  ['Farias', 4], ['Melo', 4], ['Xavier', 4], ['Miranda', 4], ['Brandão', 3], ['Siqueira', 3], ['Queiroz', 3],
  ['Tavares', 3], ['Peixoto', 2], ['Figueiredo', 2],
];

/** City, state, area code. */
export const cities: Array<[string, string, string]> = [
  ['São Paulo', 'SP', '11'], ['Rio de Janeiro', 'RJ', '21'], ['Belo Horizonte', 'MG', '31'], ['Brasília', 'DF', '61'],
  ['Salvador', 'BA', '71'], ['Fortaleza', 'CE', '85'], ['Curitiba', 'PR', '41'], ['Recife', 'PE', '81'],
  ['Porto Alegre', 'RS', '51'], ['Manaus', 'AM', '92'], ['Belém', 'PA', '91'], ['Goiânia', 'GO', '62'],
  ['Campinas', 'SP', '19'], ['Florianópolis', 'SC', '48'], ['Vitória', 'ES', '27'], ['Natal', 'RN', '84'],
  ['João Pessoa', 'PB', '83'], ['São Luís', 'MA', '98'], ['Maceió', 'AL', '82'], ['Ribeirão Preto', 'SP', '16'],
  ['Uberlândia', 'MG', '34'], ['Londrina', 'PR', '43'], ['Joinville', 'SC', '47'], ['Santos', 'SP', '13'],
];

export const streets = [
  'Av. Paulista', 'Rua das Flores', 'Av. Brasil', 'Rua XV de Novembro', 'Av. Atlântica', 'Rua da Consolação',
  'Av. Sete de Setembro', 'Rua Augusta', 'Av. Getúlio Vargas', 'Rua Sete de Abril', 'Av. Afonso Pena', 'Rua do Comércio',
];

export const posts = [
  'Diretora comercial', 'Gerente de compras', 'Analista financeiro', 'CEO', 'Coordenador de TI', 'Sócio',
  'Assistente administrativa', 'Gerente de vendas', 'Comprador', 'Engenheira de produção', 'Supervisor de logística',
  'Contadora', 'Advogado', 'Analista de marketing', 'Diretor de operações',
];

export const companyStems = [
  'Horizonte', 'Aurora', 'Ipê', 'Serra Azul', 'Litoral', 'Cerrado', 'Atlântica', 'Paulista', 'Pampa', 'Tropical',
  'Jequitibá', 'Guanabara', 'Araucária', 'Vale Verde', 'Nordeste', 'Maré Alta', 'Sol Nascente', 'Boa Vista', 'Pantanal',
  'Caatinga', 'Mantiqueira', 'Rio Claro', 'Pedra Branca', 'Bela Vista', 'Três Rios',
];

export const companyKinds = [
  'Tecnologia', 'Logística', 'Alimentos', 'Construtora', 'Consultoria', 'Comércio', 'Engenharia', 'Distribuidora',
  'Saúde', 'Educação', 'Transportes', 'Agropecuária', 'Têxtil', 'Farmacêutica', 'Energia',
];

export const companySuffixes = ['Ltda', 'S.A.', 'ME', 'EIRELI', 'Ltda', 'Ltda'];

export const dealNames = [
  'Licenças anuais', 'Projeto de implantação', 'Contrato de manutenção', 'Pedido de equipamentos', 'Consultoria tributária',
  'Renovação de contrato', 'Treinamento da equipe', 'Expansão de filial', 'Migração para a nuvem', 'Frota de veículos',
];

export const leadTitles = ['Pedido de orçamento', 'Contato pelo site', 'Indicação de cliente', 'Visita na feira', 'Interesse em demonstração', 'Retorno de ligação'];

/** The enumeration custom field's values: sector × size, 50 in all (so one value holds ~2% of items, as one of 50 users does). */
export const segmentSectors = ['Varejo', 'Indústria', 'Serviços', 'Agronegócio', 'Saúde', 'Educação', 'Tecnologia', 'Construção', 'Logística', 'Finanças'];
export const segmentSizes = ['Micro', 'Pequena', 'Média', 'Grande', 'Corporativa'];

export const departmentNames = ['Comercial', 'Vendas São Paulo', 'Vendas Rio de Janeiro', 'Vendas Sul', 'Vendas Nordeste'];

/** Lower-case ASCII without spaces, for e-mail addresses and domains. */
export const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
